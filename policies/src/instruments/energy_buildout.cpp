// A nation's power for AI compute grows faster or slower while the event is in force.
#include "instruments.hpp"

namespace blocsim::instruments {

void apply(const EnergyBuildout& buildout, const Month&, TradeRules&, PolicyEffects& effects) {
  effects.energy_growth_change[buildout.nation] += buildout.growth_change;
}

}  // namespace blocsim::instruments
