#pragma once
// The policy timeline of one replica: which events are in force in each month, and what they make
// of the rules the agents read (trade rules for the chip market, price factors for labs, usage
// bans for developers). Semantics and precedence: docs/POLICIES.md.
//
// Rules are rebuilt from the events in force every month rather than patched, so an event's end
// restores exactly what the earlier events say. Among events in force, later ones (by date, then
// by their order in the scenario) override earlier ones for the same chip and destination.

#include <cstdint>
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

// Effects on labs and developers of the events in force this month.
struct PolicyEffects {
  std::vector<double> price_factor;        // per lab: product of price changes in force
  std::vector<std::uint8_t> banned;        // [nation * labs + lab]
  std::vector<double> forced_leave;        // [nation * labs + lab]: must reconsider this month
};

// Name-to-index lookups of the world's entities; events refer to them by id.
struct EntityIndex {
  std::unordered_map<std::string, std::size_t> nation;
  std::unordered_map<std::string, std::size_t> chip;
  std::unordered_map<std::string, std::size_t> lab;
  std::unordered_map<std::string, std::size_t> channel;

  static EntityIndex of(const Chips& chips, const Nations& nations, const Labs& labs,
                        const MarketParams& market);
};

class PolicySchedule {
 public:
  // Throws std::invalid_argument naming the event when it refers to an unknown id (validation
  // reports these with file positions before a run starts).
  PolicySchedule(const google::protobuf::RepeatedPtrField<v1::Event>& events, YearMonth start,
                 std::size_t months, const EntityIndex& index, ReplicaKey key);

  // The rules and effects in force in month t.
  void apply(std::size_t t, const Chips& chips, const Nations& nations, const Labs& labs,
             TradeRules& rules, PolicyEffects& effects) const;

  // Books the units delivered under each capped licence this month (caps are per calendar
  // quarter).
  void record_cap_usage(std::size_t t, const MarketLedger& ledger);

  std::size_t cap_groups() const { return cap_count_; }
  std::size_t channels() const { return channels_; }
  // First and one-past-last month of each event (in scenario order), for reporting and tests.
  const std::vector<std::pair<int, int>>& windows() const { return windows_; }

 private:
  int quarter_of(std::size_t t) const { return start_.plus(static_cast<int>(t)).index() / 3; }
  bool in_force(std::size_t event, std::size_t t) const;

  std::vector<v1::Event> events_;
  std::vector<std::pair<int, int>> windows_;  // [start, end) in months since the run's start
  std::vector<std::size_t> order_;            // events sorted by start, stable
  std::vector<std::int32_t> cap_of_event_;    // cap group per event, -1 when uncapped
  std::size_t cap_count_ = 0;
  std::vector<double> cap_used_;              // units used this quarter per cap group
  int quarter_ = -1;
  std::size_t channels_ = 0;
  EntityIndex index_;
  YearMonth start_;
};

}  // namespace blocsim
