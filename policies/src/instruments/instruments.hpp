#pragma once
// What each policy instrument does to the month's rules while its event is in force: one
// overload of apply() per instrument, each in its own file beside this one. PolicySchedule calls
// them through std::visit over the event's effect (policy_schedule.cpp); the instruments' plain
// configuration is in policies/policy_timeline.hpp and their semantics in docs/POLICIES.md.

#include <cstdint>
#include <vector>

#include "blocsim/agents/trade_rules.hpp"
#include "blocsim/agents/world.hpp"
#include "blocsim/policies/policy_effects.hpp"
#include "blocsim/policies/policy_timeline.hpp"

namespace blocsim::instruments {

// The world and the event's place in time, as an instrument sees them this month.
struct Month {
  const Chips& chips;
  const Nations& nations;
  const Labs& labs;
  int months_in = 0;            // months since the event's current window opened
  std::int32_t cap_group = -1;  // a capped licence's cap group, -1 when uncapped
};

void apply(const ExportRule& rule, const Month& m, TradeRules& rules, PolicyEffects& effects);
void apply(const CustomsRule& rule, const Month& m, TradeRules& rules, PolicyEffects& effects);
void apply(const LeakageChange& change, const Month& m, TradeRules& rules, PolicyEffects& effects);
void apply(const PriceChange& change, const Month& m, TradeRules& rules, PolicyEffects& effects);
void apply(const UsageBan& ban, const Month& m, TradeRules& rules, PolicyEffects& effects);
void apply(const ModelRelease& release, const Month& m, TradeRules& rules, PolicyEffects& effects);
void apply(const Subsidy& subsidy, const Month& m, TradeRules& rules, PolicyEffects& effects);
void apply(const CapacityShock& shock, const Month& m, TradeRules& rules, PolicyEffects& effects);
void apply(const EnergyBuildout& buildout, const Month& m, TradeRules& rules,
           PolicyEffects& effects);

// Bars nation's developers (its public sector only, or all) from the labs listed; users leave at
// an even pace over phase_in months. Shared by usage bans and retaliation by usage ban.
void bar_users(std::size_t nation, const std::vector<std::size_t>& barred, bool public_only,
               double phase_in, int months_in, std::size_t labs, std::size_t nations,
               PolicyEffects& effects);

// Capacity of every chip made in `nation` grows by `growth` a year for `months` months.
void grow_domestic_capacity(std::size_t nation, double growth, int months, const Chips& chips,
                            TradeRules& rules);

}  // namespace blocsim::instruments
