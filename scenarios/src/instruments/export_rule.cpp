// An issuer's terms for its chips to some destinations (docs/POLICIES.md, "ExportRule").
#include "instrument_schema.hpp"

namespace blocsim::instruments {

void check_instrument(const v1::ExportRule& r, Check& c) {
  c.known_nation("issuer", r.issuer());
  for (int k = 0; k < r.chips_size(); ++k) c.known_chip("chips", r.chips(k), k);
  for (int k = 0; k < r.destinations_size(); ++k)
    c.known_nation("destinations", r.destinations(k), k);
  if (!r.destination_bloc().empty() && !bloc_named(r.destination_bloc())) {
    c.check.error(c.at, "destination_bloc",
                  "'" + r.destination_bloc() + "' is not a bloc; allowed: us, china");
  }
  for (int k = 0; k < r.destination_groups_size(); ++k) {
    if (c.ids.groups.count(r.destination_groups(k)) == 0) {
      c.check.error(c.at, "destination_groups",
                    "'" + r.destination_groups(k) + "' is not a group of the scenario", k);
    }
  }
  if (r.destinations_size() == 0 && r.destination_bloc().empty() &&
      r.destination_groups_size() == 0) {
    c.check.error(c.at, "destinations",
                  "name destinations, destination_groups or a destination_bloc");
  }
  if (r.action() == v1::EXPORT_ACTION_UNSPECIFIED)
    c.check.error(c.at, "action", "is missing; ALLOW, LICENCE or BAN");
  c.check.in_range(c.at, "tariff", r.tariff(), 0.0, 10.0);
  c.check.non_negative(c.at, "cap_per_quarter", r.cap_per_quarter());
  c.check.in_range(c.at, "vetted_share", r.vetted_share(), 0.0, 1.0);
  if (r.action() != v1::LICENCE && (r.tariff() != 0.0 || r.cap_per_quarter() != 0.0)) {
    // The values are named, since a merged event inherits them from its parent's LICENCE.
    std::string given;
    if (r.tariff() != 0.0) given = "tariff " + validation::Checker::number(r.tariff());
    if (r.cap_per_quarter() != 0.0) {
      given += (given.empty() ? "" : " and ") + std::string("cap_per_quarter ") +
               validation::Checker::number(r.cap_per_quarter());
    }
    c.check.error(c.at, "action",
                  "tariff and cap_per_quarter apply only to a LICENCE (this rule has " + given +
                      ", perhaps from the event it extends); with ALLOW or BAN set them to 0: "
                      "`tariff: 0 cap_per_quarter: 0`");
  }
}

Instrument to_instrument(const v1::ExportRule& x, const Resolver& r) {
  ExportRule rule;
  rule.issuer = r.nation(x.issuer());
  for (const auto& c : x.chips()) rule.chips.push_back(r.chip(c));
  rule.min_perf_train = x.min_perf_train();
  rule.destinations = r.nations(x.destinations(), x.destination_groups());
  rule.destination_bloc = bloc_named(x.destination_bloc());
  rule.action = x.action() == v1::LICENCE ? ExportAction::kLicence
                : x.action() == v1::BAN   ? ExportAction::kBan
                                          : ExportAction::kAllow;
  rule.tariff = x.tariff();
  rule.vetted_share = x.vetted_share();
  rule.cap_per_quarter = x.cap_per_quarter();
  return rule;
}

}  // namespace blocsim::instruments
