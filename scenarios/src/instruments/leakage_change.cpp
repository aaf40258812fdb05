// A leakage channel's rate scaled (docs/POLICIES.md, "LeakageChange").
#include "instrument_schema.hpp"

namespace blocsim::instruments {

void check_instrument(const v1::LeakageChange& r, Check& c) {
  if (c.ids.channels.count(r.channel()) == 0) {
    c.check.error(c.at, "channel",
                  "'" + r.channel() + "' is not a leakage channel of market.leakage");
  }
  c.check.non_negative(c.at, "factor", r.factor());
}

Instrument to_instrument(const v1::LeakageChange& x, const Resolver& r) {
  return LeakageChange{r.channel(x.channel()), x.factor()};
}

}  // namespace blocsim::instruments
