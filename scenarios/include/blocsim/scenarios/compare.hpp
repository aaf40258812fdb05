#pragma once
// Paired comparison of two scenarios with common random numbers. Replica r of A and replica r of
// B use the same (seed, r) streams, so everything the scenarios share is drawn identically and
// the difference B - A in replica r is due to the scenarios alone (docs/REPRODUCIBILITY.md).

#include <string>
#include <vector>

#include "blocsim/core/run_summary.hpp"
#include "blocsim/scenarios/run_scenario.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/v1/results.pb.h"

namespace blocsim {

// Per-replica series of one side of a comparison, by metric name.
struct ComparedRun {
  std::string name;
  std::string text;
  std::vector<std::string> dates;
  std::vector<MetricDef> metrics;
  std::vector<ReplicaSeries> replicas;  // in replica order
};

// Runs a scenario's replicas and keeps their series (no summary).
ComparedRun run_for_comparison(const LoadedScenario& loaded, const RunOptions& options);

// A run read back from a results file written with --per-replica. Throws std::runtime_error when
// the file has no per-replica series.
ComparedRun compared_run_from(const v1::RunResult& result);

// The paired differences B - A of the metrics both runs have, at the given dates (all dates when
// empty). Throws std::invalid_argument when the runs differ in replicas, dates or seed, or a date
// is not in the run.
v1::Comparison compare(const ComparedRun& a, const ComparedRun& b, std::uint64_t seed,
                       const std::vector<std::string>& dates,
                       const std::vector<std::string>& metrics);

}  // namespace blocsim
