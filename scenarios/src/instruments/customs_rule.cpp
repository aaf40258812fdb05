// An importer's block on chips at its border (docs/POLICIES.md, "CustomsRule").
#include "instrument_schema.hpp"

namespace blocsim::instruments {

void check_instrument(const v1::CustomsRule& r, Check& c) {
  c.known_nation("importer", r.importer());
  c.chips_or_maker(r.chips(), r.maker());
}

Instrument to_instrument(const v1::CustomsRule& x, const Resolver& r) {
  return CustomsRule{r.nation(x.importer()), r.chips(x.chips(), x.maker()), x.block()};
}

}  // namespace blocsim::instruments
