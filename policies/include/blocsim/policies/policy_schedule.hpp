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
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "blocsim/agents/adoption.hpp"
#include "blocsim/agents/chip_market.hpp"
#include "blocsim/agents/trade_rules.hpp"
#include "blocsim/agents/world.hpp"
#include "blocsim/core/calendar.hpp"
#include "blocsim/core/random_stream.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

// A model release that takes effect this month.
struct Release {
  std::size_t lab = 0;
  double quality = 0.0;
  int open = -1;  // 1 open, 0 closed, -1 unchanged
};

// Effects on labs, developers and nations of the events in force this month.
struct PolicyEffects {
  std::vector<double> price_factor;          // per lab: product of price changes in force
  std::vector<std::uint8_t> banned;          // [(sector * nations + nation) * labs + lab]
  std::vector<double> forced_leave;          // same layout: must reconsider this month
  std::vector<double> energy_growth_change;  // per nation, per year
  std::vector<Release> releases;             // releases starting this month
};

// Name-to-index lookups of the world's entities and metrics; events refer to them by id.
struct EntityIndex {
  std::unordered_map<std::string, std::size_t> nation;
  std::unordered_map<std::string, std::size_t> chip;
  std::unordered_map<std::string, std::size_t> lab;
  std::unordered_map<std::string, std::size_t> channel;
  std::unordered_map<std::string, std::size_t> metric;
  std::unordered_map<std::string, std::vector<std::size_t>> group;  // nation groups

  static EntityIndex of(const Chips& chips, const Nations& nations, const Labs& labs,
                        const MarketParams& market);
};

class PolicySchedule {
 public:
  // Throws std::invalid_argument naming the event when it refers to an unknown id (validation
  // reports these with file positions before a run starts).
  PolicySchedule(const v1::Scenario& scenario, YearMonth start, std::size_t months,
                 const EntityIndex& index, ReplicaKey key);

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
  std::size_t channels() const { return channels_; }
  // Months [first, end) in which each event is in force (in scenario order); a triggered or
  // repeated event may have several.
  const std::vector<std::vector<std::pair<int, int>>>& windows() const { return windows_; }
  // The counters of things that fire (triggered events, responses), and how many times each had
  // fired by month t.
  const std::vector<std::string>& counters() const { return counters_; }
  int fired_by(std::size_t counter, std::size_t t) const;
  bool import_substitution() const { return import_substitution_; }

  // The names of the fired counters a scenario will have, in order (for the metric catalogue).
  static std::vector<std::string> counter_names(const v1::Scenario& scenario);

 private:
  struct Retaliation {
    v1::Retaliation rule;
    std::size_t nation;
    std::size_t against;
    std::size_t counter;
    std::vector<std::pair<int, int>> windows;  // months the measure is in force
    std::vector<std::uint8_t> answered;        // per event: the ban has been answered (or not)
  };
  struct SubsidyResponse {
    std::size_t nation;
    std::size_t counter;
    int active_from = -1;  // first month of the subsidy, -1 while not triggered
  };

  bool in_force(std::size_t event, std::size_t t) const;
  int window_start(std::size_t event, std::size_t t) const;  // start of the window holding t
  int quarter_of(std::size_t t) const { return start_.plus(static_cast<int>(t)).index() / 3; }
  void fire(std::size_t event, int month);
  void apply_event(std::size_t e, std::size_t t, const Chips& chips, const Nations& nations,
                   const Labs& labs, TradeRules& rules, PolicyEffects& effects) const;
  void apply_usage_ban(std::size_t nation, const std::vector<std::size_t>& labs_barred,
                       bool public_only, double phase_in, int months_in, std::size_t labs,
                       std::size_t nations, PolicyEffects& effects) const;

  std::vector<v1::Event> events_;
  std::vector<std::vector<std::pair<int, int>>> windows_;  // months since the run's start
  std::vector<int> armed_from_;                            // triggered events: first month checked
  std::vector<std::uint8_t> condition_held_;               // triggered events: condition last month
  std::vector<std::size_t> trigger_metric_;
  std::vector<int> duration_;               // triggered events: months in force per fire
  std::vector<int> counter_of_event_;       // index into counters_, or -1
  std::vector<std::size_t> order_;          // events sorted by first start, stable
  std::vector<std::int32_t> cap_of_event_;  // cap group per event, -1 when uncapped
  std::size_t cap_count_ = 0;
  std::vector<double> cap_used_;  // units used this quarter per cap group
  int quarter_ = -1;
  std::size_t channels_ = 0;
  bool import_substitution_ = false;
  std::optional<v1::SubsidyResponse> subsidy_rule_;
  std::vector<SubsidyResponse> subsidy_responses_;
  std::vector<Retaliation> retaliations_;
  std::vector<std::string> counters_;
  std::vector<std::vector<int>> fired_at_;  // per counter: months it fired
  EntityIndex index_;
  YearMonth start_;
  ReplicaKey key_;
};

}  // namespace blocsim
