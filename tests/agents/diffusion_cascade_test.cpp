// The independent cascade against bond percolation on Erdos-Renyi graphs: one trial per tie with
// probability p makes the set a seed reaches its cluster in the graph that keeps each tie with
// probability p, an Erdos-Renyi graph of mean degree z p. Above z p = 1 a seed in the giant
// cluster reaches a fraction S solving S = 1 - exp(-z p S), and a random seed is in it with
// probability S; below z p = 1 there is no giant cluster and a seed reaches 1 / (1 - z p)
// developers on average (itself included). Newman (2002), "Spread of epidemic disease on
// networks", Phys. Rev. E 66, 016128.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "blocsim/core/graph_generators.hpp"
#include "diffusion_support.hpp"

namespace blocsim {
namespace {

using testing::DiffusionWorld;
using testing::expect_validated;
using testing::sample_of;

constexpr double kZ = 4.0;
constexpr std::uint32_t kAgents = 10000;

// Final number of adopters of a cascade from developer 0 on a fresh G(N, z / (N - 1)).
std::uint32_t cascade_size(double z, double p, std::uint32_t replica) {
  const ReplicaKey key = ReplicaKey::make(81, replica);
  RandomStream graph_stream(key, Purpose::kGraph, 0, 0);
  DiffusionWorld w(erdos_renyi_graph(kAgents, z / (kAgents - 1.0), graph_stream), 1);
  w.params.rule = AdoptionRule::kCascade;
  w.params.cascade = {p};
  w.seed(0);
  w.start();
  // A cascade ends when a step converts nobody: no fresh adopter is left to try its ties.
  std::uint32_t before = 0;
  for (std::uint32_t t = 0; w.state.adopted != before; ++t) {
    before = w.state.adopted;
    w.step(t, key);
  }
  return w.state.adopted;
}

// The positive root of S = 1 - exp(-c S), c > 1.
double giant_fraction(double c) {
  double s = 1.0;
  for (int k = 0; k < 10000; ++k) s = -std::expm1(-c * s);
  return s;
}

TEST(DiffusionCascade, AboveThresholdAGiantCascadeReachesS) {
  constexpr std::uint32_t kReplicas = 400;
  const double s_target = giant_fraction(2.0);  // z = 4, p = 0.5
  EXPECT_NEAR(s_target, 0.797, 5e-4);
  std::vector<double> giant;
  for (std::uint32_t r = 0; r < kReplicas; ++r) {
    const double fraction = static_cast<double>(cascade_size(4.0, 0.5, r)) / kAgents;
    // Outside the giant cluster clusters are subcritical (mean degree z p (1 - S) = 0.41), so
    // reaching 20% of 10000 can only be the giant one.
    if (fraction > 0.2) giant.push_back(fraction);
  }
  const auto s = sample_of(giant);
  expect_validated("giant cascade fraction S = 1 - exp(-2 S), z p = 2, N = 10000", s_target, s.mean,
                   kZ * s.se(), "4 SE over the replicas with a giant cascade");
  // A random seed lies in the giant cluster with probability S: Binomial(400, S).
  const double expected = kReplicas * s_target;
  expect_validated(
      "replicas with a giant cascade (of 400)", expected, static_cast<double>(giant.size()),
      kZ * std::sqrt(kReplicas * s_target * (1.0 - s_target)), "4 SE of Binomial(400, S)");
}

TEST(DiffusionCascade, BelowThresholdCascadesStaySmall) {
  constexpr std::uint32_t kReplicas = 400;
  std::vector<double> sizes;
  for (std::uint32_t r = 0; r < kReplicas; ++r) sizes.push_back(cascade_size(4.0, 0.125, r));
  // z p = 0.5: cluster sizes of a subcritical Poisson(0.5) branching process, whose tail falls
  // as (z p e^{1 - z p})^s = 0.82^s: a cascade of 1% (100 developers) has probability ~1e-9.
  EXPECT_LT(*std::max_element(sizes.begin(), sizes.end()), 0.01 * kAgents);
  const auto s = sample_of(sizes);
  expect_validated("mean cascade size 1 / (1 - z p), z p = 0.5", 2.0, s.mean, kZ * s.se(),
                   "4 SE over 400 replicas");
}

}  // namespace
}  // namespace blocsim
