// Chips' production capacity scaled (docs/POLICIES.md, "Subsidy, CapacityShock, EnergyBuildout").
#include "instrument_schema.hpp"

namespace blocsim::instruments {

void check_instrument(const v1::CapacityShock& r, Check& c) {
  c.chips_or_maker(r.chips(), r.maker());
  c.check.non_negative(c.at, "factor", r.factor());
}

Instrument to_instrument(const v1::CapacityShock& x, const Resolver& r) {
  return CapacityShock{r.chips(x.chips(), x.maker()), x.factor()};
}

}  // namespace blocsim::instruments
