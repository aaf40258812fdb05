// A lab releases a model: its quality and openness change in the release's first month (the step
// applies them at once), and its price factor holds while the event is in force.
#include "instruments.hpp"

namespace blocsim::instruments {

void apply(const ModelRelease& release, const Month& m, TradeRules&, PolicyEffects& effects) {
  if (m.months_in == 0) effects.releases.push_back({release.lab, release.quality, release.open});
  if (release.price_factor > 0.0) effects.price_factor[release.lab] *= release.price_factor;
}

}  // namespace blocsim::instruments
