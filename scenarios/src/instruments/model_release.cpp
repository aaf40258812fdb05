// A lab's new model: quality, openness, price (docs/POLICIES.md, "PriceChange and ModelRelease").
#include "instrument_schema.hpp"

namespace blocsim::instruments {

void check_instrument(const v1::ModelRelease& r, Check& c) {
  c.known_lab("lab", r.lab());
  c.check.in_range(c.at, "quality", r.quality(), 0.0, 100.0);
  c.check.non_negative(c.at, "price_factor", r.price_factor());
}

Instrument to_instrument(const v1::ModelRelease& x, const Resolver& r) {
  const int open = x.openness() == v1::OPEN ? 1 : x.openness() == v1::CLOSED ? 0 : -1;
  return ModelRelease{r.lab(x.lab()), x.quality(), open, x.price_factor()};
}

}  // namespace blocsim::instruments
