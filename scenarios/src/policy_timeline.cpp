#include "blocsim/scenarios/policy_timeline.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <set>
#include <stdexcept>

#include "blocsim/agents/blocs.hpp"
#include "blocsim/scenarios/parameters.hpp"

namespace blocsim {

namespace {

// Resolves the scenario's ids for one event, naming the event when one is unknown.
class Resolver {
 public:
  Resolver(const v1::Scenario& scenario, const EntityIndex& index, const std::string& event)
      : scenario_(scenario), index_(index), event_(event) {}

  std::size_t nation(const std::string& id) const { return find(index_.nation, id, "nation"); }
  std::size_t lab(const std::string& id) const { return find(index_.lab, id, "lab"); }
  std::size_t chip(const std::string& id) const { return find(index_.chip, id, "chip"); }
  std::size_t channel(const std::string& id) const {
    return find(index_.channel, id, "leakage channel");
  }

  template <class Ids>
  std::vector<std::size_t> labs(const Ids& ids) const {
    std::vector<std::size_t> out;
    for (const auto& id : ids) out.push_back(lab(id));
    return out;
  }

  // The chips named and every chip of `maker`, once each, in the world's order.
  template <class Ids>
  std::vector<std::size_t> chips(const Ids& named, const std::string& maker) const {
    std::set<std::size_t> out;
    for (const auto& id : named) out.insert(chip(id));
    const auto made = index_.maker.find(maker);
    if (!maker.empty() && made != index_.maker.end())
      out.insert(made->second.begin(), made->second.end());
    return {out.begin(), out.end()};
  }

  // The nations named and the members of the groups named, once each, in the world's order.
  std::vector<std::size_t> nations(const v1::ExportRule& r) const {
    std::set<std::size_t> out;
    for (const auto& id : r.destinations()) out.insert(nation(id));
    for (const auto& g : r.destination_groups()) {
      const auto group = std::find_if(scenario_.groups().begin(), scenario_.groups().end(),
                                      [&](const v1::NationGroup& x) { return x.id() == g; });
      if (group == scenario_.groups().end()) fail("group", g);
      for (const auto& id : group->nations()) out.insert(nation(id));
    }
    return {out.begin(), out.end()};
  }

 private:
  std::size_t find(const std::unordered_map<std::string, std::size_t>& map, const std::string& id,
                   const char* kind) const {
    const auto it = map.find(id);
    if (it == map.end()) fail(kind, id);
    return it->second;
  }
  [[noreturn]] void fail(const char* kind, const std::string& id) const {
    throw std::invalid_argument("event '" + event_ + "' names unknown " + kind + " '" + id + "'");
  }

  const v1::Scenario& scenario_;
  const EntityIndex& index_;
  const std::string& event_;
};

// "us" and "china" name the blocs; anything else names none.
std::optional<Origin> bloc_named(const std::string& name) {
  if (name == "us") return Origin::kUs;
  if (name == "china") return Origin::kChina;
  return std::nullopt;
}

Instrument instrument(const v1::Event& e, const Resolver& r) {
  switch (e.effect_case()) {
    case v1::Event::kExportRule: {
      const auto& x = e.export_rule();
      ExportRule rule;
      rule.issuer = r.nation(x.issuer());
      for (const auto& c : x.chips()) rule.chips.push_back(r.chip(c));
      rule.min_perf_train = x.min_perf_train();
      rule.destinations = r.nations(x);
      rule.destination_bloc = bloc_named(x.destination_bloc());
      rule.action = x.action() == v1::LICENCE ? ExportAction::kLicence
                    : x.action() == v1::BAN   ? ExportAction::kBan
                                              : ExportAction::kAllow;
      rule.tariff = x.tariff();
      rule.vetted_share = x.vetted_share();
      rule.cap_per_quarter = x.cap_per_quarter();
      return rule;
    }
    case v1::Event::kCustomsRule: {
      const auto& x = e.customs_rule();
      return CustomsRule{r.nation(x.importer()), r.chips(x.chips(), x.maker()), x.block()};
    }
    case v1::Event::kLeakageChange:
      return LeakageChange{r.channel(e.leakage_change().channel()), e.leakage_change().factor()};
    case v1::Event::kPriceChange:
      return PriceChange{r.lab(e.price_change().lab()), e.price_change().factor()};
    case v1::Event::kUsageBan: {
      const auto& x = e.usage_ban();
      UsageBan ban;
      ban.nation = r.nation(x.nation());
      // "other" (or any name but the two blocs') bars the models of neither bloc's leader.
      if (!x.origin().empty()) ban.origin = bloc_named(x.origin()).value_or(Origin::kOther);
      ban.labs = r.labs(x.labs());
      ban.closed_only = x.closed_only();
      ban.phase_in_months = x.phase_in_months();
      ban.public_sector_only = x.public_sector_only();
      return ban;
    }
    case v1::Event::kModelRelease: {
      const auto& x = e.model_release();
      const int open = x.openness() == v1::OPEN ? 1 : x.openness() == v1::CLOSED ? 0 : -1;
      return ModelRelease{r.lab(x.lab()), x.quality(), open, x.price_factor()};
    }
    case v1::Event::kSubsidy:
      return Subsidy{r.nation(e.subsidy().nation()), e.subsidy().capacity_growth()};
    case v1::Event::kCapacityShock: {
      const auto& x = e.capacity_shock();
      return CapacityShock{r.chips(x.chips(), x.maker()), x.factor()};
    }
    case v1::Event::kEnergyBuildout:
      return EnergyBuildout{r.nation(e.energy_buildout().nation()),
                            e.energy_buildout().growth_change()};
    case v1::Event::EFFECT_NOT_SET:
      break;
  }
  throw std::invalid_argument("event '" + e.id() + "' has no effect");
}

// Nations that make at least one chip, in the scenario's nation order.
std::vector<std::string> chip_making_nations(const v1::Scenario& s) {
  std::set<std::string> makers;
  for (const auto& chip : s.chips()) makers.insert(chip.home_nation());
  std::vector<std::string> out;
  for (const auto& n : s.nations()) {
    if (makers.count(n.id()) != 0) out.push_back(n.id());
  }
  return out;
}

std::string retaliation_key(const v1::Retaliation& r) {
  return r.nation() + "." + r.against();
}

}  // namespace

std::vector<std::string> policy_counter_names(const v1::Scenario& s) {
  std::vector<std::string> names;
  for (const auto& e : s.events()) {
    if (e.has_trigger()) names.push_back("event." + e.id());
  }
  for (const auto& r : s.responses().retaliation()) {
    names.push_back("retaliation." + retaliation_key(r));
  }
  if (s.responses().subsidy().enabled()) {
    for (const auto& n : chip_making_nations(s)) names.push_back("subsidy_response." + n);
  }
  return names;
}

PolicyTimeline policy_timeline(const v1::Scenario& s, YearMonth start, const EntityIndex& index,
                               ReplicaKey key) {
  PolicyTimeline timeline;
  timeline.counters = policy_counter_names(s);
  timeline.channels = index.channel.size();
  timeline.import_substitution = s.responses().import_substitution();
  // Counters are numbered in policy_counter_names' order.
  std::size_t next_counter = 0;
  for (const auto& e : s.events()) {
    PolicyEvent event;
    event.id = e.id();
    if (!e.date().empty()) {
      const auto date = YearMonth::parse(e.date());
      if (!date) throw std::invalid_argument("event '" + e.id() + "' has a bad date");
      event.begin = date->index() - start.index();
    } else if (!e.has_trigger()) {
      throw std::invalid_argument("event '" + e.id() + "' has neither a date nor a trigger");
    }
    if (!e.end().empty()) {
      const auto end = YearMonth::parse(e.end());
      if (!end) throw std::invalid_argument("event '" + e.id() + "' has a bad end date");
      event.end = end->index() - start.index();
    } else if (e.has_duration_months()) {
      const double drawn = kEventDuration.draw(e, key);
      event.duration = static_cast<int>(std::lround(std::max(0.0, drawn)));
    }
    if (e.has_trigger()) {
      const auto& t = e.trigger();
      const auto metric = index.metric.find(t.metric());
      if (metric == index.metric.end()) {
        throw std::invalid_argument("event '" + e.id() + "' triggers on unknown metric '" +
                                    t.metric() + "'");
      }
      event.trigger = Trigger{metric->second, t.when() == v1::Trigger::ABOVE,     t.threshold(),
                              t.repeat(),     static_cast<int>(t.delay_months()), next_counter++};
    }
    event.effect = instrument(e, Resolver(s, index, e.id()));
    timeline.events.push_back(std::move(event));
  }
  for (const auto& r : s.responses().retaliation()) {
    if (index.nation.count(r.nation()) == 0 || index.nation.count(r.against()) == 0) {
      throw std::invalid_argument("a retaliation rule names an unknown nation ('" + r.nation() +
                                  "' against '" + r.against() + "')");
    }
    timeline.retaliation.push_back(
        {retaliation_key(r), index.nation.at(r.nation()), index.nation.at(r.against()),
         r.probability(), static_cast<int>(r.lag_months()),
         r.measure() == v1::Retaliation::CUSTOMS_BLOCK ? RetaliationMeasure::kCustomsBlock
                                                       : RetaliationMeasure::kUsageBan,
         r.phase_in_months(), next_counter++});
  }
  if (s.responses().subsidy().enabled()) {
    const auto& x = s.responses().subsidy();
    SubsidyRule rule{
        x.blocked_share(), static_cast<int>(x.lag_months()), x.capacity_growth(), {}, {}};
    for (const auto& n : chip_making_nations(s)) {
      rule.nations.push_back(index.nation.at(n));
      rule.counters.push_back(next_counter++);
    }
    timeline.subsidy = std::move(rule);
  }
  return timeline;
}

}  // namespace blocsim
