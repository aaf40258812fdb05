#include "blocsim/agents/bloc_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace blocsim {

Bipolarity bipolarity(std::span<const double> weights, std::span<const double> alignment) {
  if (weights.size() != alignment.size()) {
    throw std::invalid_argument("bipolarity: weights and alignment differ in length");
  }
  double total = 0.0;
  Bipolarity b;
  for (std::size_t n = 0; n < weights.size(); ++n) {
    total += weights[n];
    b.us_mass += weights[n] * std::max(alignment[n], 0.0);
    b.china_mass += weights[n] * std::max(-alignment[n], 0.0);
  }
  if (total <= 0.0) return b;
  b.us_mass /= total;
  b.china_mass /= total;
  b.index = 4.0 * b.us_mass * b.china_mass;
  b.coverage = b.us_mass + b.china_mass;
  b.balance = b.coverage > 0.0 ? 1.0 - std::abs(b.us_mass - b.china_mass) / b.coverage : 0.0;
  return b;
}

Regime classify_regime(const RegimeInputs& in, const RegimeThresholds& th) {
  const double top = std::max(in.quality_us, in.quality_china);
  const double gap = top > 0.0 ? (in.quality_us - in.quality_china) / top : 0.0;
  const bool us_decisive = in.compute_ratio >= th.compute_ratio && gap >= th.quality_gap &&
                           in.adoption_us >= th.adoption_ratio * in.adoption_china;
  const bool china_decisive =
      in.compute_ratio > 0.0 && 1.0 / in.compute_ratio >= th.compute_ratio &&
      -gap >= th.quality_gap && in.adoption_china >= th.adoption_ratio * in.adoption_us;
  if (us_decisive) return Regime::kUsLed;
  if (china_decisive) return Regime::kChinaLed;
  const double open_top = std::max(in.open_adoption_us, in.open_adoption_china);
  const double open_gap =
      open_top > 0.0 ? (in.open_adoption_us - in.open_adoption_china) / open_top : 0.0;
  if (th.lead_margin > 0.0 &&
      (std::abs(gap) <= th.lead_margin || std::abs(open_gap) <= th.lead_margin)) {
    return Regime::kContested;
  }
  const bool us_ahead_in_capability = in.compute_ratio > 1.0 && in.quality_us > in.quality_china;
  const bool china_ahead_in_capability = in.compute_ratio < 1.0 && in.quality_china > in.quality_us;
  const bool us_ahead_in_open = in.open_adoption_us > in.open_adoption_china;
  const bool china_ahead_in_open = in.open_adoption_china > in.open_adoption_us;
  if ((us_ahead_in_capability && china_ahead_in_open) ||
      (china_ahead_in_capability && us_ahead_in_open)) {
    return Regime::kAsymmetricBipolar;
  }
  return Regime::kSymmetricBipolar;
}

}  // namespace blocsim
