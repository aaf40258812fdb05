#include "blocsim/agents/lab_dynamics.hpp"

#include <algorithm>
#include <cmath>

namespace blocsim {

double quality_of(double effective_compute, const LabParams& params) {
  if (effective_compute <= 0.0) return 0.0;
  const double xb =
      std::pow(effective_compute / params.quality_half_compute, params.quality_elasticity);
  return 100.0 * xb / (1.0 + xb);
}

void step_labs(std::size_t t, ReplicaKey key, const LabParams& params,
               const std::vector<double>& usable, const std::vector<double>& price_factor,
               Labs& labs) {
  // Gaps are measured against last month's releases, so labs move simultaneously.
  double frontier = 0.0;
  double best_open = 0.0;
  for (std::size_t l = 0; l < labs.size(); ++l) {
    frontier = std::max(frontier, labs.quality[l]);
    if (labs.open[l]) best_open = std::max(best_open, labs.quality[l]);
  }
  const double base_growth = std::log(params.algorithmic_progress);
  for (std::size_t l = 0; l < labs.size(); ++l) {
    const double q = std::max(labs.quality[l], 1e-9);
    const double gap_frontier = std::max(0.0, std::log(frontier / q));
    const double gap_open = std::max(0.0, std::log(std::max(best_open, 1e-9) / q));
    const double growth =
        base_growth + params.catch_up * (gap_frontier + params.open_spillover * gap_open);
    labs.efficiency[l] *= std::exp(growth / 12.0);

    const double compute = labs.compute_share[l] * usable[labs.home[l]];
    RandomStream stream(key, Purpose::kLabs, static_cast<std::uint32_t>(t),
                        static_cast<std::uint32_t>(l));
    if (stream.bernoulli(labs.release_rate[l])) {
      labs.quality[l] = std::max(labs.quality[l], quality_of(compute * labs.efficiency[l], params));
    }
    // Serving costs fall with the field's algorithmic progress, which every lab shares; catch-up
    // buys a follower quality, not cheaper serving than the frontier's.
    labs.price[l] =
        labs.base_price[l] *
        std::exp(-params.price_pass_through * base_growth * (static_cast<double>(t) + 1.0) / 12.0) *
        price_factor[l];
  }
}

}  // namespace blocsim
