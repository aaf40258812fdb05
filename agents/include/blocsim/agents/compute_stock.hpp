#pragma once
// Compute stocks: chips arrive, age out exponentially, and run only as far as power allows.
// Equations: docs/MODEL.md, "Compute stocks".

#include <vector>

#include "blocsim/agents/chip_market.hpp"
#include "blocsim/agents/world.hpp"

namespace blocsim {

struct ComputeParams {
  double half_life_months = 0.0;     // depreciation half-life of a chip stock
  double h100e_per_gw = 0.0;         // H100-equivalents one GW runs, at the start
  double h100e_per_gw_growth = 0.0;  // per year
};

// The monthly survival factor of a stock with this half-life: 2^(-1 / h).
double survival_per_month(double half_life_months);

// Each nation's usable compute before month 0: its starting stock under its starting power cap.
void usable_at_start(const ComputeParams& params, const Nations& nations,
                     std::vector<double>& usable);

// Ages the stocks, adds the month's deliveries (in H100e of training performance) and grows
// energy and budgets by a month. Writes each nation's usable compute, min(stock, power cap).
// `energy_growth_change` (per nation, per year) is added to each nation's energy growth.
void update_compute(std::size_t t, const Chips& chips, const MarketLedger& ledger,
                    const ComputeParams& params, const std::vector<double>& energy_growth_change,
                    Nations& nations, std::vector<double>& usable);

}  // namespace blocsim
