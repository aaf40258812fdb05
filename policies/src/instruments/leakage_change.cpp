// A leakage channel's rate scaled (0 closes it): smuggling crackdowns, closed loopholes.
#include "instruments.hpp"

namespace blocsim::instruments {

void apply(const LeakageChange& change, const Month&, TradeRules& rules, PolicyEffects&) {
  rules.leakage_factor[change.channel] *= change.factor;
}

}  // namespace blocsim::instruments
