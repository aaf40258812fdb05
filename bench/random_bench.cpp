// The counter-based random streams: one Philox4x32-10 block, and a RandomStream constructed at a
// new coordinate and read for two uniforms (what the adoption kernel does per developer update).

#include "blocsim/core/random_stream.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>

namespace {

using namespace blocsim;

void BM_PhiloxBlock(benchmark::State& state) {
  const ReplicaKey key = ReplicaKey::make(1, 0);
  std::uint32_t agent = 0;
  for (auto _ : state) {
    const auto block = philox_block(key, 4, 7, agent++, 0);
    benchmark::DoNotOptimize(block);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * 16);
}
BENCHMARK(BM_PhiloxBlock);

// Construction plus `draws` uniforms (two uniforms fit one block; a third needs a second block).
void BM_RandomStreamUniform(benchmark::State& state) {
  const auto draws = static_cast<int>(state.range(0));
  const ReplicaKey key = ReplicaKey::make(1, 0);
  std::uint32_t agent = 0;
  for (auto _ : state) {
    RandomStream stream(key, Purpose::kAdoption, 7, agent++);
    double sum = 0.0;
    for (int d = 0; d < draws; ++d) sum += stream.uniform();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * draws);
  state.counters["streams_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RandomStreamUniform)->ArgNames({"uniforms"})->Arg(1)->Arg(2)->Arg(16);

// A long stream of uniforms from one coordinate: the per-draw cost without construction.
void BM_RandomStreamUniformLong(benchmark::State& state) {
  RandomStream stream(ReplicaKey::make(1, 0), Purpose::kTest, 0, 0);
  for (auto _ : state) benchmark::DoNotOptimize(stream.uniform());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomStreamUniformLong);

}  // namespace
