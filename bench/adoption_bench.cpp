// The adoption kernel, adopt(), at the size of the performance target (docs/PERFORMANCE.md):
// 10^5 developers, 10 ties each, 12 or 13 models on offer, every developer reconsidering.
// items/s is developer updates per second on one core.
//
// BM_AdoptSynthetic: one nation, a Watts-Strogatz graph (k = 10, beta = 0.1), offer weights
// drawn once, the baseline's adoption parameters. BM_AdoptBaselineWorld: the baseline world built
// with 10^5 agents (30 nations, 13 labs, its own ties), priced as in its first month.
// BM_AdoptPrototypeBaselineWorld: variants of the same kernel that go further than adopt(), kept
// here to measure the ideas in docs/PERFORMANCE.md ("Next steps"); each is checked to choose
// exactly what adopt() chooses before it is timed. They are measurements, not the model's code.

#include "blocsim/agents/adoption.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "blocsim/core/graph_generators.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/scenarios/world_builder.hpp"

namespace {

using namespace blocsim;

AdoptionParams baseline_params() {
  AdoptionParams p;
  p.beta_quality = 0.3;
  p.beta_log_price = 0.25;
  p.price_income_elasticity = 0.2;
  p.gdp_per_capita_ref = 85000;
  p.price_floor = 1.0;
  p.beta_open = 0.2;
  p.home_bloc = 1.0;
  p.network_j = 1.5;
  p.switching_cost = 1.0;
  p.mu = 1.0;
  p.reconsider_rate = 1.0;
  return p;
}

void run_adopt(benchmark::State& state, const AdoptionParams& params, const AdoptionOffer& offer,
               Developers& developers) {
  std::uint32_t t = 0;
  const ReplicaKey key = ReplicaKey::make(1, 0);
  for (auto _ : state) {
    adopt(t++, key, params, offer, developers, 0, developers.size());
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

  Developers developers;
  developers.ties = watts_strogatz_graph(n, 10, 0.1, stream);
  developers.nation.assign(n, 0);
  developers.sector.assign(n, 0);
  developers.first = {0, n};
  developers.weight = {1.0};
  developers.model.resize(n);
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
  complete_offer(baseline_params(), offer);
  run_adopt(state, baseline_params(), offer, developers);
}
BENCHMARK(BM_AdoptSynthetic)
    ->ArgNames({"developers", "models"})
    ->Args({100'000, 12})
    ->Args({100'000, 13})
    ->Unit(benchmark::kMillisecond);

// Philox4x32-10 for kLanes consecutive agents at once (block 0 of each stream), written as
// loops over lanes so that the compiler can use vector multiplies: the same words as
// philox_block(key, purpose, step, first + l, 0).
constexpr std::uint32_t kLanes = 16;
struct LaneBlocks {
  std::array<std::uint32_t, kLanes> w0, w1, w2, w3;
};

#define BLOCSIM_PHILOX_LANES_BODY                                        \
  std::array<std::uint32_t, kLanes> c0, c1, c2, c3;                      \
  for (std::uint32_t l = 0; l < kLanes; ++l) {                           \
    c0[l] = purpose;                                                     \
    c1[l] = step;                                                        \
    c2[l] = first + l;                                                   \
    c3[l] = 0;                                                           \
  }                                                                      \
  std::uint32_t k0 = key.seed_hash;                                      \
  std::uint32_t k1 = key.replica;                                        \
  for (int round = 0; round < 10; ++round) {                             \
    if (round > 0) {                                                     \
      k0 += 0x9E3779B9u;                                                 \
      k1 += 0xBB67AE85u;                                                 \
    }                                                                    \
    for (std::uint32_t l = 0; l < kLanes; ++l) {                         \
      const std::uint64_t p0 = std::uint64_t{0xD2511F53u} * c0[l];       \
      const std::uint64_t p1 = std::uint64_t{0xCD9E8D57u} * c2[l];       \
      const auto n0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1[l] ^ k0; \
      const auto n2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3[l] ^ k1; \
      c1[l] = static_cast<std::uint32_t>(p1);                            \
      c3[l] = static_cast<std::uint32_t>(p0);                            \
      c0[l] = n0;                                                        \
      c2[l] = n2;                                                        \
    }                                                                    \
  }                                                                      \
  out.w0 = c0;                                                           \
  out.w1 = c1;                                                           \
  out.w2 = c2;                                                           \
  out.w3 = c3;

// With the build's flags (x86-64 baseline: SSE2).
void philox_lanes(ReplicaKey key, std::uint32_t purpose, std::uint32_t step, std::uint32_t first,
                  LaneBlocks& out) {
  BLOCSIM_PHILOX_LANES_BODY
}

#if defined(__x86_64__) && defined(__GNUC__)
// The same compiled for AVX-512 (16 lanes of 32 bits per vector); used only where the CPU has it.
[[gnu::target("avx512f,avx512vl,avx512dq,avx512bw")]] void philox_lanes_avx512(
    ReplicaKey key, std::uint32_t purpose, std::uint32_t step, std::uint32_t first,
    LaneBlocks& out) {
  BLOCSIM_PHILOX_LANES_BODY
}
bool have_avx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
}
#else
void philox_lanes_avx512(ReplicaKey key, std::uint32_t purpose, std::uint32_t step,
                         std::uint32_t first, LaneBlocks& out) {
  philox_lanes(key, purpose, step, first, out);
}
bool have_avx512() {
  return false;
}
#endif
#undef BLOCSIM_PHILOX_LANES_BODY

// adopt() with the random blocks of kLanes developers drawn together. A developer's
// two uniforms are words (0, 1) and (2, 3) of block 0 of its stream, as RandomStream reads them.
template <bool kAvx512>
void adopt_prototype_batched(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                             const AdoptionOffer& offer, Developers& developers,
                             std::uint32_t begin, std::uint32_t end) {
  const std::size_t M = offer.models;
  const double j_over_mu = params.network_j / params.mu;
  const double stay_bonus_inverse = std::exp(-params.switching_cost / params.mu);
  const std::uint8_t* model = developers.model.data();
  std::uint8_t* next = developers.next_model.data();
  std::array<std::uint32_t, kMaxModels> ties_on{};
  std::array<double, kMaxModels> weight{};
  std::array<double, kMaxModels> tie_factor{};
  LaneBlocks blocks;

  for (std::uint32_t chunk = begin; chunk < end; chunk += kLanes) {
    const auto purpose = static_cast<std::uint32_t>(Purpose::kAdoption);
    if constexpr (kAvx512) {
      philox_lanes_avx512(key, purpose, t, chunk, blocks);
    } else {
      philox_lanes(key, purpose, t, chunk, blocks);
    }
    const std::uint32_t last = std::min(end, chunk + kLanes);
    for (std::uint32_t i = chunk; i < last; ++i) {
      const std::uint32_t l = i - chunk;
      const std::size_t row = developers.sector[i] * offer.nations + developers.nation[i];
      const std::uint8_t current = model[i];
      const double* base = offer.weight.data() + row * M;
      const double reconsider =
          std::max(params.reconsider_rate, offer.forced_leave[row * M + current]);
      if (uniform_from_bits(blocks.w0[l], blocks.w1[l]) >= reconsider) {
        next[i] = current;
        continue;
      }
      const auto ties = developers.ties.neighbours(i);
      for (const std::uint32_t v : ties) ++ties_on[model[v]];
      const auto degree = static_cast<std::uint32_t>(ties.size());
      if (degree <= kTieTableDegree) {
        const double* exps = offer.tie_factor.data() + degree * (degree + 1) / 2;
        for (std::size_t j = 0; j < M; ++j) tie_factor[j] = exps[ties_on[j]];
      } else {
        const double inverse_degree = 1.0 / static_cast<double>(degree);
        for (std::size_t j = 0; j < M; ++j) {
          tie_factor[j] = ties_on[j] ? std::exp(j_over_mu * ties_on[j] * inverse_degree) : 1.0;
        }
      }
      double total = 0.0;
      for (std::size_t j = 0; j < M; ++j) {
        const double w = base[j] * tie_factor[j] * (j == current ? 1.0 : stay_bonus_inverse);
        weight[j] = w;
        total += w;
        ties_on[j] = 0;
      }
      if (total <= 0.0) {
        next[i] = current;
        continue;
      }
      double target = uniform_from_bits(blocks.w2[l], blocks.w3[l]) * total;
      std::size_t choice = 0;
      for (std::size_t j = 0; j + 1 < M; ++j) {
        target -= weight[j];
        choice += target >= 0.0 ? 1 : 0;
      }
      while (weight[choice] == 0.0 && choice > 0) --choice;
      next[i] = static_cast<std::uint8_t>(choice);
    }
  }
}

// The batched prototype turned sideways: the floating-point work of 8 reconsidering developers at
// once, one developer per vector lane. Each lane still sums its own weights in model order, so
// every developer's arithmetic is the same as adopt()'s, operation for operation. The inputs of
// each lane are copied into rows first (scalar, independent loads), so the arithmetic needs no
// gathers. Random blocks come 16 developers at a time as in
// adopt_prototype_batched. Developers with more ties than the table holds go through adopt().
constexpr std::uint32_t kVectorLanes = 8;

#define BLOCSIM_ADOPT_SIDEWAYS_BODY(PHILOX)                                                  \
  const std::size_t M = offer.models;                                                        \
  const double stay_bonus_inverse = std::exp(-params.switching_cost / params.mu);            \
  const std::uint8_t* model = developers.model.data();                                       \
  std::uint8_t* next = developers.next_model.data();                                         \
  /* Lane l of row j: developer l's offer weight, tie factor and stay factor for model j. */ \
  alignas(64) double base_w[kMaxModels][kVectorLanes];                                       \
  alignas(64) double tie_w[kMaxModels][kVectorLanes];                                        \
  alignas(64) double stay_w[kMaxModels][kVectorLanes];                                       \
  alignas(64) double w[kMaxModels][kVectorLanes];                                            \
  alignas(64) double u_of[kVectorLanes];                                                     \
  std::uint8_t current_of[kVectorLanes];                                                     \
  std::uint32_t who[kVectorLanes];                                                           \
  std::array<std::uint32_t, kMaxModels> ties_on{};                                           \
  std::uint32_t lanes = 0;                                                                   \
  auto flush = [&] {                                                                         \
    for (std::uint32_t l = lanes; l < kVectorLanes; ++l) {                                   \
      for (std::size_t j = 0; j < M; ++j) base_w[j][l] = tie_w[j][l] = stay_w[j][l] = 0.0;   \
      u_of[l] = 0.5;                                                                         \
    }                                                                                        \
    alignas(64) double total[kVectorLanes] = {};                                             \
    for (std::size_t j = 0; j < M; ++j) {                                                    \
      for (std::uint32_t l = 0; l < kVectorLanes; ++l) {                                     \
        const double x = base_w[j][l] * tie_w[j][l] * stay_w[j][l];                          \
        w[j][l] = x;                                                                         \
        total[l] += x;                                                                       \
      }                                                                                      \
    }                                                                                        \
    alignas(64) double target[kVectorLanes];                                                 \
    alignas(64) double choice[kVectorLanes] = {};                                            \
    for (std::uint32_t l = 0; l < kVectorLanes; ++l) target[l] = u_of[l] * total[l];         \
    for (std::size_t j = 0; j + 1 < M; ++j) {                                                \
      for (std::uint32_t l = 0; l < kVectorLanes; ++l) {                                     \
        target[l] -= w[j][l];                                                                \
        choice[l] += target[l] >= 0.0 ? 1.0 : 0.0;                                           \
      }                                                                                      \
    }                                                                                        \
    for (std::uint32_t l = 0; l < lanes; ++l) {                                              \
      if (total[l] <= 0.0) {                                                                 \
        next[who[l]] = current_of[l];                                                        \
        continue;                                                                            \
      }                                                                                      \
      auto c = static_cast<std::size_t>(choice[l]);                                          \
      while (w[c][l] == 0.0 && c > 0) --c;                                                   \
      next[who[l]] = static_cast<std::uint8_t>(c);                                           \
    }                                                                                        \
    lanes = 0;                                                                               \
  };                                                                                         \
  LaneBlocks blocks;                                                                         \
  for (std::uint32_t chunk = begin; chunk < end; chunk += kLanes) {                          \
    PHILOX(key, static_cast<std::uint32_t>(Purpose::kAdoption), t, chunk, blocks);           \
    const std::uint32_t last = std::min(end, chunk + kLanes);                                \
    for (std::uint32_t i = chunk; i < last; ++i) {                                           \
      const std::uint32_t b = i - chunk;                                                     \
      const std::size_t row = developers.sector[i] * offer.nations + developers.nation[i];   \
      const std::uint8_t current = model[i];                                                 \
      const double reconsider =                                                              \
          std::max(params.reconsider_rate, offer.forced_leave[row * M + current]);           \
      if (uniform_from_bits(blocks.w0[b], blocks.w1[b]) >= reconsider) {                     \
        next[i] = current;                                                                   \
        continue;                                                                            \
      }                                                                                      \
      const auto ties = developers.ties.neighbours(i);                                       \
      const auto degree = static_cast<std::uint32_t>(ties.size());                           \
      if (degree > kTieTableDegree) {                                                        \
        adopt(t, key, params, offer, developers, i, i + 1);                                  \
        continue;                                                                            \
      }                                                                                      \
      for (const std::uint32_t v : ties) ++ties_on[model[v]];                                \
      const double* base = offer.weight.data() + row * M;                                    \
      const double* exps = offer.tie_factor.data() + degree * (degree + 1) / 2;              \
      for (std::size_t j = 0; j < M; ++j) {                                                  \
        base_w[j][lanes] = base[j];                                                          \
        tie_w[j][lanes] = exps[ties_on[j]];                                                  \
        stay_w[j][lanes] = stay_bonus_inverse;                                               \
        ties_on[j] = 0;                                                                      \
      }                                                                                      \
      stay_w[current][lanes] = 1.0;                                                          \
      current_of[lanes] = current;                                                           \
      u_of[lanes] = uniform_from_bits(blocks.w2[b], blocks.w3[b]);                           \
      who[lanes] = i;                                                                        \
      if (++lanes == kVectorLanes) flush();                                                  \
    }                                                                                        \
  }                                                                                          \
  if (lanes > 0) flush();

void adopt_sideways(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                    const AdoptionOffer& offer, Developers& developers, std::uint32_t begin,
                    std::uint32_t end) {
  BLOCSIM_ADOPT_SIDEWAYS_BODY(philox_lanes)
}

#if defined(__x86_64__) && defined(__GNUC__)
[[gnu::target("avx512f,avx512vl,avx512dq,avx512bw")]] void adopt_sideways_avx512(
    std::uint32_t t, ReplicaKey key, const AdoptionParams& params, const AdoptionOffer& offer,
    Developers& developers, std::uint32_t begin, std::uint32_t end) {
  BLOCSIM_ADOPT_SIDEWAYS_BODY(philox_lanes_avx512)
}
#else
void adopt_sideways_avx512(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                           const AdoptionOffer& offer, Developers& developers, std::uint32_t begin,
                           std::uint32_t end) {
  adopt_sideways(t, key, params, offer, developers, begin, end);
}
#endif
#undef BLOCSIM_ADOPT_SIDEWAYS_BODY

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
  run_adopt(state, in.world.adoption, in.offer, in.world.developers);
}
BENCHMARK(BM_AdoptBaselineWorld)
    ->ArgNames({"developers"})
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond);

// Prototype kernels beyond adopt(): 1 its random blocks drawn 16 developers at a time (build
// flags), 2 the same with those blocks computed with AVX-512, 3 and 4 the floating-point work of
// 8 developers per vector on top of 1 and 2.
void BM_AdoptPrototypeBaselineWorld(benchmark::State& state) {
  BaselineKernelInput in = baseline_kernel_input(static_cast<std::uint32_t>(state.range(0)));
  const auto variant = state.range(1);
  if ((variant == 2 || variant == 4) && !have_avx512()) {
    state.SkipWithError("no AVX-512 on this CPU");
    return;
  }
  Developers& developers = in.world.developers;
  const AdoptionParams& params = in.world.adoption;
  const ReplicaKey key = ReplicaKey::make(1, 0);
  auto kernel = [&](std::uint32_t t, Developers& d) {
    switch (variant) {
      case 1:
        adopt_prototype_batched<false>(t, key, params, in.offer, d, 0, d.size());
        break;
      case 2:
        adopt_prototype_batched<true>(t, key, params, in.offer, d, 0, d.size());
        break;
      case 3:
        adopt_sideways(t, key, params, in.offer, d, 0, d.size());
        break;
      default:
        adopt_sideways_avx512(t, key, params, in.offer, d, 0, d.size());
    }
  };
  // Twelve months of both kernels from the same start must agree on every choice.
  Developers reference = developers;
  for (std::uint32_t t = 0; t < 12; ++t) {
    adopt(t, key, params, in.offer, reference, 0, reference.size());
    kernel(t, developers);
    if (reference.next_model != developers.next_model) {
      state.SkipWithError("the prototype chose differently from adopt()");
      return;
    }
    commit_choices(reference);
    commit_choices(developers);
  }
  std::uint32_t t = 12;
  for (auto _ : state) {
    kernel(t++, developers);
    commit_choices(developers);
    benchmark::DoNotOptimize(developers.model.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(developers.size()));
}
BENCHMARK(BM_AdoptPrototypeBaselineWorld)
    ->ArgNames({"developers", "variant"})
    ->Args({100'000, 1})
    ->Args({100'000, 2})
    ->Args({100'000, 3})
    ->Args({100'000, 4})
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
