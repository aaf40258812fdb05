// Building a nation's developer layer: Watts-Strogatz generation plus the CSR counting sort, at
// the sizes a large world uses (10^5 and 10^6 developers, k = 10, i.e. 5 10^5 and 5 10^6 ties).

#include "blocsim/core/graph_generators.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>

namespace {

void BM_WattsStrogatzGraph(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  std::uint32_t replica = 0;
  for (auto _ : state) {
    // A new replica each iteration, so no run reuses another's draws.
    blocsim::RandomStream stream(blocsim::ReplicaKey::make(1, replica++), blocsim::Purpose::kGraph,
                                 0, 0);
    blocsim::DeveloperGraph graph = blocsim::watts_strogatz_graph(n, 10, 0.1, stream);
    benchmark::DoNotOptimize(graph.targets().data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n) * 5);
  state.counters["ties"] = static_cast<double>(n) * 5;
}
BENCHMARK(BM_WattsStrogatzGraph)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
