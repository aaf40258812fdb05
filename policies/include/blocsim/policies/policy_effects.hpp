#pragma once
// What the events and responses in force make of one month, besides the trade rules
// (agents/trade_rules.hpp): effects on labs, developers and nations.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace blocsim {

// A model release that takes effect this month.
struct Release {
  std::size_t lab = 0;
  double quality = 0.0;
  int open = -1;  // 1 open, 0 closed, -1 unchanged
};

struct PolicyEffects {
  std::vector<double> price_factor;          // per lab: product of price changes in force
  std::vector<std::uint8_t> banned;          // [(sector * nations + nation) * labs + lab]
  std::vector<double> forced_leave;          // same layout: must reconsider this month
  std::vector<double> energy_growth_change;  // per nation, per year
  std::vector<Release> releases;             // releases starting this month
};

}  // namespace blocsim
