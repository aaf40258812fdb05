#include "blocsim/scenarios/policy_timeline.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <set>
#include <stdexcept>

#include "blocsim/agents/blocs.hpp"
#include "blocsim/scenarios/parameters.hpp"
#include "instruments/instrument_schema.hpp"

namespace blocsim {

namespace {

Instrument instrument(const v1::Event& e, const instruments::Resolver& r) {
  std::optional<Instrument> out;
  instruments::visit_effect(
      e, [&](const auto& message, const char*) { out = instruments::to_instrument(message, r); });
  if (!out) throw std::invalid_argument("event '" + e.id() + "' has no effect");
  return std::move(*out);
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
    event.effect = instrument(e, instruments::Resolver(s, index, e.id()));
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
