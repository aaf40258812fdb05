#include "blocsim/agents/compute_stock.hpp"

#include <algorithm>
#include <cmath>

namespace blocsim {

double survival_per_month(double half_life_months) {
  return std::exp2(-1.0 / half_life_months);
}

void usable_at_start(const ComputeParams& params, const Nations& nations,
                     std::vector<double>& usable) {
  usable.resize(nations.size());
  for (std::size_t n = 0; n < nations.size(); ++n) {
    usable[n] = std::min(nations.stock[n], nations.energy_gw[n] * params.h100e_per_gw);
  }
}

void update_compute(std::size_t t, const Chips& chips, const MarketLedger& ledger,
                    const ComputeParams& params, const std::vector<double>& energy_growth_change,
                    Nations& nations, std::vector<double>& usable) {
  const std::size_t N = nations.size();
  const double survival = survival_per_month(params.half_life_months);
  const double per_gw = params.h100e_per_gw *
                        std::pow(1.0 + params.h100e_per_gw_growth, static_cast<double>(t) / 12.0);
  usable.resize(N);
  for (std::size_t n = 0; n < N; ++n) {
    double arriving = 0.0;
    for (std::size_t c = 0; c < chips.size(); ++c) {
      arriving += ledger.delivered[c * N + n] * chips.perf_train[c];
    }
    nations.stock[n] = nations.stock[n] * survival + arriving;
    usable[n] = std::min(nations.stock[n], nations.energy_gw[n] * per_gw);
    const double growth = std::max(-0.99, nations.energy_growth[n] + energy_growth_change[n]);
    nations.energy_gw[n] *= std::pow(1.0 + growth, 1.0 / 12.0);
    nations.chip_budget[n] *= std::pow(1.0 + nations.budget_growth[n], 1.0 / 12.0);
  }
}

}  // namespace blocsim
