// A producer loses (or gains) capacity while the event is in force.
#include "instruments.hpp"

namespace blocsim::instruments {

void apply(const CapacityShock& shock, const Month&, TradeRules& rules, PolicyEffects&) {
  for (const std::size_t c : shock.chips) rules.capacity_factor[c] *= shock.factor;
}

}  // namespace blocsim::instruments
