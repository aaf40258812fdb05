#pragma once
// Labs: algorithmic efficiency grows, followers catch up (faster when open weights are near the
// frontier), quality follows effective compute along a diminishing-returns curve and is released
// at random intervals, and prices follow serving efficiency. Equations: docs/MODEL.md, "Labs".

#include <vector>

#include "blocsim/agents/world.hpp"
#include "blocsim/core/random_stream.hpp"

namespace blocsim {

struct LabParams {
  double quality_half_compute = 0.0;  // effective H100e at which quality is 50
  double quality_elasticity = 0.0;    // b in Q = 100 x^b / (1 + x^b)
  double algorithmic_progress = 0.0;  // efficiency multiplier per year
  double catch_up = 0.0;              // per year, per unit of log quality gap
  double open_spillover = 0.0;        // weight of the gap to the best open-weight model
  double price_pass_through = 0.0;    // price elasticity to the field's algorithmic progress
};

// Quality of a model trained with this effective compute (H100e x efficiency).
double quality_of(double effective_compute, const LabParams& params);

// One month of every lab. `usable` is each nation's usable compute; `price_factor` each lab's
// product of price changes in force.
void step_labs(std::size_t t, ReplicaKey key, const LabParams& params,
               const std::vector<double>& usable, const std::vector<double>& price_factor,
               Labs& labs);

}  // namespace blocsim
