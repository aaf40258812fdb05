#pragma once
// Turns the per-replica series of a run into the exported RunResult: per-step summaries across
// replicas, end-of-run histograms and, on request, the raw per-replica series. Everything here
// is a pure function of its inputs in replica order; provenance is filled in separately because
// it is the only part of a result allowed to differ between two runs of the same scenario and seed.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "blocsim/v1/results.pb.h"

namespace blocsim {

struct MetricDef {
  std::string name;         // e.g. "adoption.world.origin.china"
  std::string unit;         // e.g. "share"
  std::string description;  // one sentence
  // Fixed range of the end-of-run histogram; when hist_lo == hist_hi the range of the values is
  // used instead.
  double hist_lo = 0.0;
  double hist_hi = 0.0;
};

// One replica's output: values[metric * steps + step].
struct ReplicaSeries {
  std::vector<double> values;
};

struct RunDescription {
  std::string scenario_name;
  std::string scenario_description;
  std::string scenario_text;
  std::uint64_t seed = 0;
  std::vector<std::string> dates;                           // YYYY-MM, one per step
  std::vector<std::pair<std::string, std::string>> events;  // (YYYY-MM, label)
  bool per_replica = false;                                 // export raw per-replica series
  std::uint32_t histogram_bins = 20;
};

// `replicas` are in replica order, replica i having index first_replica + i.
// Throws std::invalid_argument if a series has the wrong length or holds a NaN (naming the metric,
// step and replica).
v1::RunResult summarize_run(const RunDescription& run, const std::vector<MetricDef>& metrics,
                            const std::vector<ReplicaSeries>& replicas,
                            std::uint32_t first_replica = 0);

}  // namespace blocsim
