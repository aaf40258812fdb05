// A lab's prices scaled while the event is in force (factors of events in force multiply).
#include "instruments.hpp"

namespace blocsim::instruments {

void apply(const PriceChange& change, const Month&, TradeRules&, PolicyEffects& effects) {
  effects.price_factor[change.lab] *= change.factor;
}

}  // namespace blocsim::instruments
