#include "blocsim/agents/lab_dynamics.hpp"

#include <algorithm>
#include <cmath>

namespace blocsim {
namespace {

double effective_compute(const Labs& labs, std::size_t l, const std::vector<double>& usable) {
  return labs.compute_share[l] * usable[labs.home[l]] * labs.efficiency[l];
}

struct Leaders {
  double frontier = 0.0;
  double best_open = 0.0;
};

Leaders leaders(const Labs& labs, const std::vector<double>& quality) {
  Leaders out;
  for (std::size_t l = 0; l < labs.size(); ++l) {
    out.frontier = std::max(out.frontier, quality[l]);
    if (labs.open[l]) out.best_open = std::max(out.best_open, quality[l]);
  }
  return out;
}

}  // namespace

double quality_of(double effective_compute, const LabParams& params) {
  if (!(effective_compute > 0.0)) return 0.0;
  return std::max(0.0, 100.0 + params.quality_per_decade *
                                   std::log10(effective_compute / params.compute_for_quality_100));
}

double release_quality(double own, double frontier, double best_open, const LabParams& params) {
  // Distillation teaches what a better model does, not how to run it at scale: without the
  // compute to train and serve it, a follower gets only a bounded part of the way.
  const double distilled = std::min(frontier, own + params.distillation_margin);
  const double from_open = std::min(best_open, own + params.open_weight_margin);
  return std::max({own, distilled, from_open});
}

void start_labs(const LabParams& params, const std::vector<double>& usable, Labs& labs) {
  // The starting models are the fixed point of a release against themselves: a lab lifted by
  // distillation may lift others from open weights, and a first release returns the same quality.
  // Each pass raises qualities to at most the best one, so it ends within one pass per lab.
  std::vector<double> own(labs.size());
  for (std::size_t l = 0; l < labs.size(); ++l) {
    own[l] = quality_of(effective_compute(labs, l, usable), params);
    labs.quality[l] = own[l];
  }
  for (std::size_t pass = 0; pass <= labs.size(); ++pass) {
    const Leaders lead = leaders(labs, labs.quality);
    bool changed = false;
    for (std::size_t l = 0; l < labs.size(); ++l) {
      const double q = release_quality(own[l], lead.frontier, lead.best_open, params);
      changed = changed || q != labs.quality[l];
      labs.quality[l] = q;
    }
    if (!changed) break;
  }
}

void step_labs(std::size_t t, ReplicaKey key, const LabParams& params,
               const std::vector<double>& usable, Labs& labs) {
  const Leaders lead = leaders(labs, labs.quality);
  const double monthly_progress = std::pow(params.algorithmic_progress, 1.0 / 12.0);
  for (std::size_t l = 0; l < labs.size(); ++l) {
    labs.efficiency[l] *= monthly_progress;
    RandomStream stream(key, Purpose::kLabs, static_cast<std::uint32_t>(t),
                        static_cast<std::uint32_t>(l));
    if (!stream.bernoulli(labs.release_rate[l])) continue;
    const double own = quality_of(effective_compute(labs, l, usable), params);
    labs.quality[l] =
        std::max(labs.quality[l], release_quality(own, lead.frontier, lead.best_open, params));
  }
}

}  // namespace blocsim
