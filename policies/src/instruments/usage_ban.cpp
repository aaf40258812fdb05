// A nation bars its developers from models of an origin or of named labs (docs/POLICIES.md,
// "Usage bans"); retaliation by usage ban bars the same way.
#include <algorithm>

#include "blocsim/agents/adoption.hpp"
#include "instruments.hpp"

namespace blocsim::instruments {

void bar_users(std::size_t nation, const std::vector<std::size_t>& barred, bool public_only,
               double phase_in, int months_in, std::size_t L, std::size_t N,
               PolicyEffects& effects) {
  // Users leave at an even pace: of those still on a banned model, 1 / (months left) must
  // reconsider, so none remain when the phase-in ends.
  const double leave = months_in < phase_in ? 1.0 / (phase_in - months_in) : 1.0;
  for (std::size_t sector = public_only ? 1 : 0; sector < kSectors; ++sector) {
    for (const std::size_t l : barred) {
      const std::size_t at = (sector * N + nation) * L + l;
      effects.banned[at] = 1;
      effects.forced_leave[at] = std::max(effects.forced_leave[at], leave);
    }
  }
}

void apply(const UsageBan& ban, const Month& m, TradeRules&, PolicyEffects& effects) {
  const std::size_t L = m.labs.size();
  std::vector<std::size_t> barred;
  for (std::size_t l = 0; l < L; ++l) {
    const bool by_origin = ban.origin && m.labs.origin[l] == *ban.origin;
    const bool by_name = std::find(ban.labs.begin(), ban.labs.end(), l) != ban.labs.end();
    if ((by_origin || by_name) && !(ban.closed_only && m.labs.open[l])) barred.push_back(l);
  }
  bar_users(ban.nation, barred, ban.public_sector_only, ban.phase_in_months, m.months_in, L,
            m.nations.size(), effects);
}

}  // namespace blocsim::instruments
