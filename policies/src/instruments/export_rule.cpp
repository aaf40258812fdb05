// An exporter's terms for its chips (docs/POLICIES.md, "Export rules"): the latest rule in force
// for a chip and destination sets its terms, so a licence replaces an earlier ban while it lasts.
#include <algorithm>

#include "instruments.hpp"

namespace blocsim {

bool ExportRule::targets(std::size_t n, double lean) const {
  if (std::find(destinations.begin(), destinations.end(), n) != destinations.end()) return true;
  if (!destination_bloc) return false;
  return *destination_bloc == Origin::kChina ? lean < 0.0
         : *destination_bloc == Origin::kUs  ? lean > 0.0
                                             : false;
}

namespace instruments {

void apply(const ExportRule& rule, const Month& m, TradeRules& rules, PolicyEffects&) {
  const std::size_t N = m.nations.size();
  for (std::size_t c = 0; c < m.chips.size(); ++c) {
    if (m.chips.home[c] != rule.issuer || m.chips.perf_train[c] < rule.min_perf_train) continue;
    if (!rule.chips.empty() &&
        std::find(rule.chips.begin(), rule.chips.end(), c) == rule.chips.end()) {
      continue;
    }
    for (std::size_t n = 0; n < N; ++n) {
      if (n == rule.issuer || !rule.targets(n, m.nations.lean[n])) continue;
      ExportTerms& terms = rules.at(c, n);
      switch (rule.action) {
        case ExportAction::kLicence:
          terms = {ExportAccess::kLicence, rule.tariff,
                   rule.vetted_share > 0.0 ? rule.vetted_share : 1.0, m.cap_group};
          break;
        case ExportAction::kBan:
          terms = {ExportAccess::kBan, 0.0, 0.0, -1};
          break;
        case ExportAction::kAllow:
          terms = ExportTerms{};
          break;
      }
    }
  }
}

}  // namespace instruments
}  // namespace blocsim
