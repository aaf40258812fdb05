// An importer's customs block (docs/POLICIES.md, "Precedence"): a blocked chip reaches the
// importer through no channel, whatever the exporter's terms.
#include "instruments.hpp"

namespace blocsim::instruments {

void apply(const CustomsRule& rule, const Month& m, TradeRules& rules, PolicyEffects&) {
  const std::size_t N = m.nations.size();
  for (const std::size_t c : rule.chips)
    rules.customs_block[c * N + rule.importer] = rule.block ? 1 : 0;
}

}  // namespace blocsim::instruments
