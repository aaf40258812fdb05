// A nation's data-centre energy growth changed (docs/POLICIES.md, "Subsidy, CapacityShock,
// EnergyBuildout").
#include "instrument_schema.hpp"

namespace blocsim::instruments {

void check_instrument(const v1::EnergyBuildout& r, Check& c) {
  c.known_nation("nation", r.nation());
  c.check.in_range(c.at, "growth_change", r.growth_change(), -0.99, 10.0);
}

Instrument to_instrument(const v1::EnergyBuildout& x, const Resolver& r) {
  return EnergyBuildout{r.nation(x.nation()), x.growth_change()};
}

}  // namespace blocsim::instruments
