// A nation funds its domestic chips: their capacity compounds from the event's start. The
// subsidy response (policy_schedule.cpp) grows capacity the same way.
#include <cmath>

#include "instruments.hpp"

namespace blocsim::instruments {

void grow_domestic_capacity(std::size_t nation, double growth, int months, const Chips& chips,
                            TradeRules& rules) {
  const double factor = std::pow(1.0 + growth, static_cast<double>(months) / 12.0);
  for (std::size_t c = 0; c < chips.size(); ++c) {
    if (chips.home[c] == nation) rules.capacity_factor[c] *= factor;
  }
}

void apply(const Subsidy& subsidy, const Month& m, TradeRules& rules, PolicyEffects&) {
  grow_domestic_capacity(subsidy.nation, subsidy.capacity_growth, m.months_in, m.chips, rules);
}

}  // namespace blocsim::instruments
