#include "blocsim/agents/alignment.hpp"

#include <algorithm>

#include "blocsim/agents/adoption.hpp"

namespace blocsim {

void dependence(const AlignmentParams& params, const Labs& labs, std::size_t nations,
                const std::vector<double>& share, std::vector<double>& out) {
  const std::size_t M = labs.size();
  out.assign(nations, 0.0);
  for (std::size_t n = 0; n < nations; ++n) {
    for (std::size_t j = 0; j < M; ++j) {
      const double weight = labs.open[j] ? params.open_weight_dependence : 1.0;
      out[n] += share[n * M + j] * weight * origin_sign(labs.origin[j]);
    }
  }
}

void update_alignment(const AlignmentParams& params, const std::vector<double>& dependence0,
                      const std::vector<double>& dependence_now, Nations& nations) {
  for (std::size_t n = 0; n < nations.size(); ++n) {
    const double target = std::clamp(
        nations.lean0[n] + params.pull * (dependence_now[n] - dependence0[n]), -1.0, 1.0);
    nations.lean[n] += params.rate * (target - nations.lean[n]);
  }
}

}  // namespace blocsim
