// Complex contagion on a ring lattice (Centola and Macy 2007): with k = 4 and theta = 2 a pair of
// adjacent seeds advances one developer per step on each side, so it reaches all N developers in
// ceil((N - 2) / 2) steps for even N, while a single seed never convinces anyone (each neighbour
// sees one adopted tie). For odd N the last three developers adopt together (the middle one sees
// the two developers two places away on either side), one step early: (N - 3) / 2 steps.
// With noise epsilon and nobody convinced, adoption is Binomial(N, 1 - (1 - eps)^t).

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "blocsim/core/graph_generators.hpp"
#include "diffusion_support.hpp"

namespace blocsim {
namespace {

using testing::DiffusionWorld;
using testing::expect_validated;
using testing::sample_of;

DiffusionWorld ring_world(std::uint32_t n, std::uint32_t theta, double epsilon) {
  DiffusionWorld w(ring_lattice_graph(n, 4), 1);
  w.params.rule = AdoptionRule::kComplex;
  w.params.complex_contagion = {theta, epsilon};
  return w;
}

// Steps until everyone has adopted, or 0 if the process stops short.
std::uint32_t steps_to_reach_all(std::uint32_t n) {
  DiffusionWorld w = ring_world(n, 2, 0.0);
  w.seed(0);
  w.seed(1);
  w.start();
  for (std::uint32_t t = 0; t < n; ++t) {
    w.step(t, ReplicaKey::make(91, 0));
    if (w.adopted() == n) return t + 1;
    // Until the fronts meet, each moves one developer per step.
    EXPECT_EQ(w.adopted(), 2 + 2 * (t + 1)) << "N = " << n << ", step " << t;
  }
  return 0;
}

TEST(DiffusionComplex, TwoAdjacentSeedsReachEveryoneInCeilHalfOfNMinusTwoSteps) {
  for (const std::uint32_t n : {1000u, 1002u}) {
    expect_validated(
        "steps for 2 adjacent seeds to reach all, ring k = 4, theta = 2, N = " + std::to_string(n),
        (n - 2 + 1) / 2, steps_to_reach_all(n), 0.0, "exact (deterministic)");
  }
  for (const std::uint32_t n : {5u, 1001u}) {
    expect_validated("the same, odd N = " + std::to_string(n) + ": (N - 3) / 2", (n - 3) / 2,
                     steps_to_reach_all(n), 0.0, "exact (deterministic)");
  }
}

TEST(DiffusionComplex, OneSeedReachesNoOne) {
  DiffusionWorld w = ring_world(1000, 2, 0.0);
  w.seed(500);
  w.start();
  for (std::uint32_t t = 0; t < 100; ++t) w.step(t, ReplicaKey::make(92, 0));
  expect_validated("adopters after 100 steps from 1 seed, N = 1000", 1.0, w.adopted(), 0.0,
                   "exact (deterministic)");
}

TEST(DiffusionComplex, NoiseAloneAdoptsAtRateEpsilon) {
  // theta = 5 > k = 4: nobody is ever convinced by ties; only the noise adopts.
  constexpr std::uint32_t kAgents = 1000;
  constexpr std::uint32_t kReplicas = 200;
  constexpr double kEpsilon = 0.01;
  constexpr std::uint32_t kSteps = 20;
  std::vector<double> counts;
  for (std::uint32_t r = 0; r < kReplicas; ++r) {
    DiffusionWorld w = ring_world(kAgents, 5, kEpsilon);
    w.start();
    for (std::uint32_t t = 0; t < kSteps; ++t) w.step(t, ReplicaKey::make(93, r));
    counts.push_back(w.adopted());
  }
  const double pi = 1.0 - std::pow(1.0 - kEpsilon, kSteps);
  const auto s = sample_of(counts);
  expect_validated("adopters by noise after 20 steps, eps = 0.01, N = 1000", kAgents * pi, s.mean,
                   4.0 * std::sqrt(kAgents * pi * (1.0 - pi) / kReplicas),
                   "4 SE of the mean of Binomial(N, 1 - (1 - eps)^t) over 200 replicas");
}

}  // namespace
}  // namespace blocsim
