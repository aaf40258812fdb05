#pragma once
// Labs: the field's algorithmic efficiency grows, a lab's models come from its effective training
// compute (physical compute x efficiency) on an unbounded quality scale, and followers close part
// of their gap by distillation, bounded by what their own compute supports. Releases come at
// random intervals. Equations: docs/MODEL.md, "Labs". Prices: lab_pricing.hpp.

#include <vector>

#include "blocsim/agents/world.hpp"
#include "blocsim/core/random_stream.hpp"

namespace blocsim {

struct LabParams {
  double algorithmic_progress = 0.0;     // A: the field's efficiency multiplier per year
  double quality_per_decade = 0.0;       // k: quality points per tenfold effective compute
  double compute_for_quality_100 = 0.0;  // X100: effective H100e at which quality is 100
  // How far above its own compute a lab's release may reach by learning from better models:
  // from any model's outputs (distillation of APIs), and from open weights.
  double distillation_margin = 0.0;  // quality points
  double open_weight_margin = 0.0;   // quality points
};

// Quality a lab's own effective compute X (H100e x efficiency) supports:
// 100 + k log10(X / X100), floored at 0 (no compute, no model).
double quality_of(double effective_compute, const LabParams& params);

// The quality of a release by a lab whose own compute supports `own`, when the best model is
// `frontier` and the best open-weight model `best_open` (both from before the release): learning
// from them lifts it at most to them and at most `margin` above `own`.
double release_quality(double own, double frontier, double best_open, const LabParams& params);

// The labs' models at the start: every lab's quality is the release its starting compute gives
// (usable[n] is each nation's usable compute before month 0), so the first release does not jump.
void start_labs(const LabParams& params, const std::vector<double>& usable, Labs& labs);

// One month of every lab: efficiency grows by A^(1/12), and a lab that releases this month
// (probability release_rate) takes max(its quality, its release's). Gaps are measured against
// last month's models, so labs move simultaneously.
void step_labs(std::size_t t, ReplicaKey key, const LabParams& params,
               const std::vector<double>& usable, Labs& labs);

}  // namespace blocsim
