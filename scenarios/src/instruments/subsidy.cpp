// A nation's chip capacity grown by subsidy (docs/POLICIES.md, "Subsidy, CapacityShock,
// EnergyBuildout").
#include "instrument_schema.hpp"

namespace blocsim::instruments {

void check_instrument(const v1::Subsidy& r, Check& c) {
  c.known_nation("nation", r.nation());
  c.check.in_range(c.at, "capacity_growth", r.capacity_growth(), -0.99, 100.0);
}

Instrument to_instrument(const v1::Subsidy& x, const Resolver& r) {
  return Subsidy{r.nation(x.nation()), x.capacity_growth()};
}

}  // namespace blocsim::instruments
