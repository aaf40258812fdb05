// A nation's developers barred from some models (docs/POLICIES.md, "UsageBan").
#include "instrument_schema.hpp"

namespace blocsim::instruments {

void check_instrument(const v1::UsageBan& r, Check& c) {
  c.known_nation("nation", r.nation());
  for (int k = 0; k < r.labs_size(); ++k) c.known_lab("labs", r.labs(k), k);
  if (!r.origin().empty() && !bloc_named(r.origin()) && r.origin() != "other") {
    c.check.error(c.at, "origin",
                  "'" + r.origin() + "' is not an origin; allowed: us, china, other");
  }
  if (r.origin().empty() && r.labs_size() == 0)
    c.check.error(c.at, "origin", "name an origin or labs");
  c.check.non_negative(c.at, "phase_in_months", r.phase_in_months());
}

Instrument to_instrument(const v1::UsageBan& x, const Resolver& r) {
  UsageBan ban;
  ban.nation = r.nation(x.nation());
  // "other" (or any name but the two blocs') bars the models of neither bloc's leader.
  if (!x.origin().empty()) ban.origin = bloc_named(x.origin()).value_or(Origin::kOther);
  ban.labs = r.labs(x.labs());
  ban.closed_only = x.closed_only();
  ban.phase_in_months = x.phase_in_months();
  ban.public_sector_only = x.public_sector_only();
  return ban;
}

}  // namespace blocsim::instruments
