// The summaries across replicas: summarize() of one metric at one month over 200, 1000 and 10000
// replicas' values, and summarize_run() of a whole baseline-size run (its metric catalogue x 72
// months x 200 replicas), which `blocsim run` does once at the end.

#include "blocsim/core/statistics.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "blocsim/core/run_summary.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/scenarios/world_builder.hpp"

namespace {

using namespace blocsim;

// The values change from one call to the next, as they do from one (metric, month) to the next:
// sorting the same values again and again would let the branch predictor learn them.
void BM_Summarize(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  constexpr std::size_t kSets = 64;
  RandomStream stream(ReplicaKey::make(1, 0), Purpose::kTest, 0, 0);
  std::vector<std::vector<double>> sets(kSets, std::vector<double>(n));
  for (auto& values : sets) {
    for (double& v : values) v = stream.normal(0.3, 0.1);
  }
  std::size_t next = 0;
  for (auto _ : state) {
    const Summary s = summarize(sets[next]);  // copies, as a caller keeping its values does
    next = (next + 1) % kSets;
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_Summarize)->ArgNames({"values"})->Arg(200)->Arg(1000)->Arg(10000);

void BM_SummarizeRun(benchmark::State& state) {
  const auto replicas = static_cast<std::size_t>(state.range(0));
  const LoadedScenario loaded = load_scenario("baseline");
  const std::vector<MetricDef> metrics = metric_catalog(loaded.scenario);
  RunDescription run;
  run.scenario_name = loaded.scenario.name();
  run.dates = run_dates(loaded.scenario);
  const std::size_t months = run.dates.size();
  RandomStream stream(ReplicaKey::make(1, 0), Purpose::kTest, 0, 0);
  std::vector<ReplicaSeries> series(replicas);
  for (auto& s : series) {
    s.values.resize(metrics.size() * months);
    for (double& v : s.values) v = stream.uniform();
  }
  for (auto _ : state) {
    const v1::RunResult result = summarize_run(run, metrics, series);
    benchmark::DoNotOptimize(result.metrics_size());
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<std::int64_t>(replicas * metrics.size() * months));
  state.counters["metrics"] = static_cast<double>(metrics.size());
  state.counters["months"] = static_cast<double>(months);
}
BENCHMARK(BM_SummarizeRun)->ArgNames({"replicas"})->Arg(200)->Unit(benchmark::kMillisecond);

}  // namespace
