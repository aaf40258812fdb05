// The events of a scenario: dates, triggers, and the fields of each policy instrument
// (policies/policy_timeline.hpp says what each becomes; docs/POLICIES.md what each does).
#include "blocsim/scenarios/metrics_catalog.hpp"
#include "checks.hpp"

namespace blocsim::validation {

void check_events(Checker& check, const Node& root, const v1::Scenario& s, const ScenarioIds& ids,
                  std::optional<YearMonth> start, std::optional<YearMonth> end) {
  const auto& [nations, chips, makers, labs, channels, groups] = ids;
  // Metrics a trigger may watch.
  std::unordered_set<std::string> metric_names;
  for (const auto& def : metric_catalog(s)) metric_names.insert(def.name);

  // Events.
  std::unordered_set<std::string> events;
  check_unique_ids(check, root, s.events(), "events", events);
  for (int i = 0; i < s.events_size(); ++i) {
    const auto& e = s.events(i);
    const Node node = check.child(root, e, "events", i);
    const auto date = check_date(check, node, "date", e.date(), !e.has_trigger());
    if (e.has_trigger()) {
      const auto& tr = e.trigger();
      const Node at = check.child(node, tr, "trigger");
      if (metric_names.count(tr.metric()) == 0) {
        check.error(at, "metric",
                    "'" + tr.metric() + "' is not a metric of this scenario (see docs/OUTPUT.md)");
      }
      if (tr.when() == v1::Trigger::COMPARISON_UNSPECIFIED)
        check.error(at, "when", "is missing; ABOVE or BELOW");
    }
    if (date && start && end && (*date < *start || *date > *end)) {
      check.error(
          node, "date",
          e.date() + " is outside the run (" + s.run().start() + " to " + s.run().end() + ")");
    }
    const auto until = check_date(check, node, "end", e.end(), false);
    if (date && until && *until <= *date)
      check.error(node, "end", "must be after the event's date");
    if (!e.end().empty() && e.has_duration_months()) {
      check.error(node, "duration_months", "give either end or duration_months, not both");
    }
    if (e.has_duration_months()) {
      check_distribution(check, check.child(node, e.duration_months(), "duration_months"), 0.0,
                         1200.0);
    }
    auto known_nation = [&](const Node& at, const char* field, const std::string& id, int index) {
      if (nations.count(id) == 0)
        check.error(at, field, "'" + id + "' is not a nation of the scenario", index);
    };
    auto known_chip = [&](const Node& at, const char* field, const std::string& id, int index) {
      if (chips.count(id) == 0)
        check.error(at, field, "'" + id + "' is not a chip of the scenario", index);
    };
    auto known_lab = [&](const Node& at, const char* field, const std::string& id, int index) {
      if (labs.count(id) == 0)
        check.error(at, field, "'" + id + "' is not a lab of the scenario", index);
    };
    switch (e.effect_case()) {
      case v1::Event::kExportRule: {
        const auto& r = e.export_rule();
        const Node at = check.child(node, r, "export_rule");
        known_nation(at, "issuer", r.issuer(), -1);
        for (int k = 0; k < r.chips_size(); ++k) known_chip(at, "chips", r.chips(k), k);
        for (int k = 0; k < r.destinations_size(); ++k)
          known_nation(at, "destinations", r.destinations(k), k);
        if (!r.destination_bloc().empty() && r.destination_bloc() != "us" &&
            r.destination_bloc() != "china") {
          check.error(at, "destination_bloc",
                      "'" + r.destination_bloc() + "' is not a bloc; allowed: us, china");
        }
        for (int k = 0; k < r.destination_groups_size(); ++k) {
          if (groups.count(r.destination_groups(k)) == 0) {
            check.error(at, "destination_groups",
                        "'" + r.destination_groups(k) + "' is not a group of the scenario", k);
          }
        }
        if (r.destinations_size() == 0 && r.destination_bloc().empty() &&
            r.destination_groups_size() == 0) {
          check.error(at, "destinations",
                      "name destinations, destination_groups or a destination_bloc");
        }
        if (r.action() == v1::EXPORT_ACTION_UNSPECIFIED)
          check.error(at, "action", "is missing; ALLOW, LICENCE or BAN");
        check.in_range(at, "tariff", r.tariff(), 0.0, 10.0);
        check.non_negative(at, "cap_per_quarter", r.cap_per_quarter());
        check.in_range(at, "vetted_share", r.vetted_share(), 0.0, 1.0);
        if (r.action() != v1::LICENCE && (r.tariff() != 0.0 || r.cap_per_quarter() != 0.0)) {
          check.error(at, "action", "tariff and cap_per_quarter apply only to a LICENCE");
        }
        break;
      }
      case v1::Event::kCustomsRule: {
        const auto& r = e.customs_rule();
        const Node at = check.child(node, r, "customs_rule");
        known_nation(at, "importer", r.importer(), -1);
        for (int k = 0; k < r.chips_size(); ++k) known_chip(at, "chips", r.chips(k), k);
        if (!r.maker().empty() && makers.count(r.maker()) == 0) {
          check.error(at, "maker", "'" + r.maker() + "' makes none of the scenario's chips");
        }
        if (r.chips_size() == 0 && r.maker().empty())
          check.error(at, "chips", "name chips or a maker");
        break;
      }
      case v1::Event::kLeakageChange: {
        const auto& r = e.leakage_change();
        const Node at = check.child(node, r, "leakage_change");
        if (channels.count(r.channel()) == 0) {
          check.error(at, "channel",
                      "'" + r.channel() + "' is not a leakage channel of market.leakage");
        }
        check.non_negative(at, "factor", r.factor());
        break;
      }
      case v1::Event::kPriceChange: {
        const auto& r = e.price_change();
        const Node at = check.child(node, r, "price_change");
        known_lab(at, "lab", r.lab(), -1);
        check.positive(at, "factor", r.factor());
        break;
      }
      case v1::Event::kUsageBan: {
        const auto& r = e.usage_ban();
        const Node at = check.child(node, r, "usage_ban");
        known_nation(at, "nation", r.nation(), -1);
        for (int k = 0; k < r.labs_size(); ++k) known_lab(at, "labs", r.labs(k), k);
        if (!r.origin().empty() && r.origin() != "us" && r.origin() != "china" &&
            r.origin() != "other") {
          check.error(at, "origin",
                      "'" + r.origin() + "' is not an origin; allowed: us, china, other");
        }
        if (r.origin().empty() && r.labs_size() == 0)
          check.error(at, "origin", "name an origin or labs");
        check.non_negative(at, "phase_in_months", r.phase_in_months());
        break;
      }
      case v1::Event::kModelRelease: {
        const auto& r = e.model_release();
        const Node at = check.child(node, r, "model_release");
        known_lab(at, "lab", r.lab(), -1);
        check.in_range(at, "quality", r.quality(), 0.0, 100.0);
        check.non_negative(at, "price_factor", r.price_factor());
        break;
      }
      case v1::Event::kSubsidy: {
        const Node at = check.child(node, e.subsidy(), "subsidy");
        known_nation(at, "nation", e.subsidy().nation(), -1);
        check.in_range(at, "capacity_growth", e.subsidy().capacity_growth(), -0.99, 100.0);
        break;
      }
      case v1::Event::kCapacityShock: {
        const auto& r = e.capacity_shock();
        const Node at = check.child(node, r, "capacity_shock");
        for (int k = 0; k < r.chips_size(); ++k) known_chip(at, "chips", r.chips(k), k);
        if (!r.maker().empty() && makers.count(r.maker()) == 0) {
          check.error(at, "maker", "'" + r.maker() + "' makes none of the scenario's chips");
        }
        if (r.chips_size() == 0 && r.maker().empty())
          check.error(at, "chips", "name chips or a maker");
        check.non_negative(at, "factor", r.factor());
        break;
      }
      case v1::Event::kEnergyBuildout: {
        const Node at = check.child(node, e.energy_buildout(), "energy_buildout");
        known_nation(at, "nation", e.energy_buildout().nation(), -1);
        check.in_range(at, "growth_change", e.energy_buildout().growth_change(), -0.99, 10.0);
        break;
      }
      case v1::Event::EFFECT_NOT_SET:
        check.error(node, nullptr,
                    "has no effect; give one of export_rule, customs_rule, "
                    "leakage_change, price_change, usage_ban, model_release, "
                    "subsidy, capacity_shock, energy_buildout");
        break;
    }
  }
}

}  // namespace blocsim::validation
