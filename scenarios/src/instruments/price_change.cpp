// A lab's prices scaled while in force (docs/POLICIES.md, "PriceChange and ModelRelease").
#include "instrument_schema.hpp"

namespace blocsim::instruments {

void check_instrument(const v1::PriceChange& r, Check& c) {
  c.known_lab("lab", r.lab());
  c.check.positive(c.at, "factor", r.factor());
}

Instrument to_instrument(const v1::PriceChange& x, const Resolver& r) {
  return PriceChange{r.lab(x.lab()), x.factor()};
}

}  // namespace blocsim::instruments
