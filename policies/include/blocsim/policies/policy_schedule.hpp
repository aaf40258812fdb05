#pragma once
// The policy timeline of one replica: which events are in force in each month, and what they make
// of the rules the agents read (trade rules for the chip market, price factors and releases for
// labs, usage bans for developers, energy growth for nations), together with the agents' response
// rules (subsidies after being cut off, retaliation against bans). Semantics and precedence:
// docs/POLICIES.md.
//
// Rules are rebuilt from the events in force every month rather than patched, so an event's end
// restores exactly what the earlier events say. Among events in force, later ones (by start month,
// then by their order in the scenario) override earlier ones for the same chip and destination.

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "blocsim/agents/adoption.hpp"
#include "blocsim/agents/chip_market.hpp"
#include "blocsim/agents/trade_rules.hpp"
#include "blocsim/agents/world.hpp"
#include "blocsim/core/calendar.hpp"
#include "blocsim/core/random_stream.hpp"
#include "blocsim/policies/policy_effects.hpp"
#include "blocsim/policies/policy_timeline.hpp"

namespace blocsim {

// Name-to-index lookups of the world's entities and metrics; events refer to them by id.
struct EntityIndex {
  std::unordered_map<std::string, std::size_t> nation;
  std::unordered_map<std::string, std::size_t> chip;
  std::unordered_map<std::string, std::vector<std::size_t>> maker;  // a maker's chips, in order
  std::unordered_map<std::string, std::size_t> lab;
  std::unordered_map<std::string, std::size_t> channel;
  std::unordered_map<std::string, std::size_t> metric;

  static EntityIndex of(const Chips& chips, const Nations& nations, const Labs& labs,
                        const MarketParams& market);
};

class PolicySchedule {
 public:
  // The timeline of one replica (scenarios/ builds it from a validated scenario, with its draws).
  PolicySchedule(PolicyTimeline timeline, YearMonth start, ReplicaKey key);

  // Before month t's rules: checks triggers on last month's metrics (metric(id) gives the value
  // of metric id in month t - 1) and the response rules on last month's market.
  void observe(std::size_t t, const std::function<double(std::size_t)>& metric,
               const MarketLedger* last_ledger, const Chips& chips, const Nations& nations);

  // The rules and effects in force in month t.
  void apply(std::size_t t, const Chips& chips, const Nations& nations, const Labs& labs,
             TradeRules& rules, PolicyEffects& effects) const;

  // Books the units delivered under each capped licence this month (caps are per calendar
  // quarter).
  void record_cap_usage(std::size_t t, const MarketLedger& ledger);

  std::size_t cap_groups() const { return cap_count_; }
  std::size_t channels() const { return timeline_.channels; }
  // Months [first, end) in which each event is in force (in scenario order); a triggered or
  // repeated event may have several.
  const std::vector<std::vector<std::pair<int, int>>>& windows() const { return windows_; }
  // The counters of things that fire (triggered events, responses), and how many times each had
  // fired by month t.
  const std::vector<std::string>& counters() const { return timeline_.counters; }
  int fired_by(std::size_t counter, std::size_t t) const;
  bool import_substitution() const { return timeline_.import_substitution; }

 private:
  struct Retaliation {
    std::vector<std::pair<int, int>> windows;  // months the measure is in force
    std::vector<std::uint8_t> answered;        // per event: the ban has been answered (or not)
  };

  int window_start(std::size_t event, std::size_t t) const;  // start of the window holding t
  int quarter_of(std::size_t t) const { return start_.plus(static_cast<int>(t)).index() / 3; }
  void fire(std::size_t event, int month);

  PolicyTimeline timeline_;
  std::vector<std::vector<std::pair<int, int>>> windows_;  // months since the run's start
  std::vector<int> armed_from_;                            // triggered events: first month checked
  std::vector<std::uint8_t> condition_held_;               // triggered events: condition last month
  std::vector<std::size_t> order_;                         // events sorted by first start, stable
  std::vector<std::int32_t> cap_of_event_;                 // cap group per event, -1 when uncapped
  std::size_t cap_count_ = 0;
  std::vector<double> cap_used_;  // units used this quarter per cap group
  int quarter_ = -1;
  std::vector<int> subsidy_from_;  // per subsidy-response nation: first month, -1 until fired
  std::vector<Retaliation> retaliations_;
  std::vector<std::vector<int>> fired_at_;  // per counter: months it fired
  YearMonth start_;
  ReplicaKey key_;
};

}  // namespace blocsim
