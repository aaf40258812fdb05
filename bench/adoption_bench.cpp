// The adoption kernel, adopt(), at the size of the performance target (docs/PERFORMANCE.md):
// 10^5 developers, 10 ties each, 12 or 13 models on offer, every developer reconsidering.
// items/s is developer updates per second on one core.
//
// BM_AdoptSynthetic: one nation, a Watts-Strogatz graph (k = 10, beta = 0.1), offer weights
// drawn once, the baseline's adoption parameters. BM_AdoptBaselineWorld: the baseline world built
// with 10^5 agents (30 nations, 13 labs, its own ties), priced as in its first month. The last
// argument is the kernel (agents/include/blocsim/agents/logit_kernel.hpp): 0 portable,
// 1 AVX-512 (skipped on a CPU without it); adopt() takes the second where it can.

#include "blocsim/agents/adoption.hpp"
#include "blocsim/agents/logit_kernel.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "blocsim/core/graph_generators.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/scenarios/world_builder.hpp"
#include "support/small_world.hpp"

namespace {

using namespace blocsim;

// The baseline's logit rule, every developer reconsidering (tests/support/small_world.hpp).
using test_support::logit_params;

// The kernel the benchmark's argument names, or nothing (the benchmark is skipped).
bool pick_kernel(benchmark::State& state, int argument, std::size_t models, LogitKernel& kernel) {
  kernel = state.range(argument) == 0 ? LogitKernel::kPortable : LogitKernel::kAvx512;
  if (logit_kernel_available(kernel, models)) return true;
  state.SkipWithError("this kernel cannot run on this CPU");
  return false;
}

void run_adopt(benchmark::State& state, LogitKernel kernel, const AdoptionParams& params,
               const AdoptionOffer& offer, Developers& developers) {
  std::uint32_t t = 0;
  const ReplicaKey key = ReplicaKey::make(1, 0);
  for (auto _ : state) {
    adopt_with(kernel, t++, key, params, offer, developers, 0, developers.size());
    commit_choices(developers);
    benchmark::DoNotOptimize(developers.model.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(developers.size()));
  state.counters["developers"] = developers.size();
  state.counters["ties_per_developer"] =
      2.0 * static_cast<double>(developers.ties.ties()) / developers.size();
  state.counters["models"] = static_cast<double>(offer.models);
}

void BM_AdoptSynthetic(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  const auto models = static_cast<std::size_t>(state.range(1));
  RandomStream stream(ReplicaKey::make(1, 0), Purpose::kTest, 0, 0);

  Developers developers = test_support::developers_by_nation({n});
  developers.ties = watts_strogatz_graph(n, 10, 0.1, stream);
  for (auto& m : developers.model) {
    m = static_cast<std::uint8_t>(stream.below(static_cast<std::uint32_t>(models)));
  }
  developers.next_model = developers.model;

  AdoptionOffer offer;
  offer.models = models;
  offer.nations = 1;
  offer.weight.resize(kSectors * models);
  for (std::size_t j = 0; j < models; ++j) {
    offer.weight[j] = offer.weight[models + j] = std::exp(stream.normal(0.0, 1.0));
  }
  offer.forced_leave.assign(kSectors * models, 0.0);
  complete_offer(logit_params(), offer);
  LogitKernel kernel;
  if (pick_kernel(state, 2, models, kernel))
    run_adopt(state, kernel, logit_params(), offer, developers);
}
BENCHMARK(BM_AdoptSynthetic)
    ->ArgNames({"developers", "models", "kernel"})
    ->Args({100'000, 12, 1})
    ->Args({100'000, 12, 0})
    ->Args({100'000, 13, 1})
    ->Args({100'000, 13, 0})
    ->Unit(benchmark::kMillisecond);

// The baseline world at 10^5 agents, its developers spread over the models, priced as in its
// first month.
struct BaselineKernelInput {
  ReplicaWorld world;
  AdoptionOffer offer;
};

BaselineKernelInput baseline_kernel_input(std::uint32_t n) {
  const LoadedScenario loaded = load_scenario(
      "baseline", {"developers.agents=" + std::to_string(n), "developers.reconsider_rate=1"});
  BaselineKernelInput in{build_world(loaded.scenario, ReplicaKey::make(1, 0)), {}};
  const std::size_t rows = kSectors * in.world.nations.size() * in.world.labs.size();
  price_the_offer(in.world.adoption, in.world.nations, in.world.labs,
                  std::vector<std::uint8_t>(rows, 0), in.offer);
  RandomStream stream(ReplicaKey::make(1, 0), Purpose::kTest, 0, 0);
  for (auto& m : in.world.developers.model) {
    m = static_cast<std::uint8_t>(stream.below(static_cast<std::uint32_t>(in.world.labs.size())));
  }
  in.world.developers.next_model = in.world.developers.model;
  return in;
}

void BM_AdoptBaselineWorld(benchmark::State& state) {
  BaselineKernelInput in = baseline_kernel_input(static_cast<std::uint32_t>(state.range(0)));
  LogitKernel kernel;
  if (pick_kernel(state, 1, in.offer.models, kernel)) {
    run_adopt(state, kernel, in.world.adoption, in.offer, in.world.developers);
  }
}
BENCHMARK(BM_AdoptBaselineWorld)
    ->ArgNames({"developers", "kernel"})
    ->Args({100'000, 1})
    ->Args({100'000, 0})
    ->Unit(benchmark::kMillisecond);

// The per-nation part that runs once a month before the kernel: the offer's logit weights.
void BM_PriceTheOffer(benchmark::State& state) {
  const LoadedScenario loaded = load_scenario("baseline", {"developers.agents=2000"});
  const ReplicaWorld world = build_world(loaded.scenario, ReplicaKey::make(1, 0));
  const std::vector<std::uint8_t> banned(kSectors * world.nations.size() * world.labs.size(), 0);
  AdoptionOffer offer;
  for (auto _ : state) {
    price_the_offer(world.adoption, world.nations, world.labs, banned, offer);
    benchmark::DoNotOptimize(offer.weight.data());
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<std::int64_t>(world.nations.size() * world.labs.size()));
}
BENCHMARK(BM_PriceTheOffer)->Unit(benchmark::kMicrosecond);

}  // namespace
