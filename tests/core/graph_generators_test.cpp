#include "blocsim/core/graph_generators.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace blocsim {
namespace {

RandomStream graph_stream(std::uint32_t replica, std::uint64_t seed = 2025) {
  return RandomStream(ReplicaKey::make(seed, replica), Purpose::kGraph, 0, 0);
}

// Well-formed, symmetric, simple CSR (the full check lives in developer_graph_test.cpp).
void expect_simple_symmetric(const DeveloperGraph& graph) {
  std::uint64_t degree_sum = 0;
  for (std::uint32_t v = 0; v < graph.vertices(); ++v) {
    const auto row = graph.neighbours(v);
    degree_sum += row.size();
    for (std::size_t i = 0; i < row.size(); ++i) {
      ASSERT_NE(row[i], v);
      if (i > 0) {
        ASSERT_LT(row[i - 1], row[i]);
      }
      const auto back = graph.neighbours(row[i]);
      ASSERT_TRUE(std::binary_search(back.begin(), back.end(), v));
    }
  }
  EXPECT_EQ(degree_sum, 2 * graph.ties());
}

// True when the appended ties hold no self-loop and no pair twice (in either orientation), i.e.
// DeveloperGraph had nothing to clean.
bool is_simple(TieList ties) {
  for (auto& [u, v] : ties) {
    if (u == v) return false;
    if (u > v) std::swap(u, v);
  }
  std::sort(ties.begin(), ties.end());
  return std::adjacent_find(ties.begin(), ties.end()) == ties.end();
}

double mean_of(const std::vector<double>& x) {
  double sum = 0.0;
  for (const double value : x) sum += value;
  return sum / static_cast<double>(x.size());
}

double sample_variance(const std::vector<double>& x) {
  const double mean = mean_of(x);
  double sum = 0.0;
  for (const double value : x) sum += (value - mean) * (value - mean);
  return sum / static_cast<double>(x.size() - 1);
}

std::vector<double> degrees_of(const DeveloperGraph& graph) {
  std::vector<double> degrees(graph.vertices());
  for (std::uint32_t v = 0; v < graph.vertices(); ++v) degrees[v] = graph.degree(v);
  return degrees;
}

// ---------------------------------------------------------------------------------------------
// Complete graph and ring lattice

TEST(CompleteGraph, HasEveryPairOnce) {
  constexpr std::uint32_t kN = 50;
  const DeveloperGraph graph = complete_graph(kN);
  expect_simple_symmetric(graph);
  EXPECT_EQ(graph.ties(), kN * (kN - 1) / 2);
  for (std::uint32_t v = 0; v < kN; ++v) EXPECT_EQ(graph.degree(v), kN - 1);
  EXPECT_EQ(complete_graph(0).ties(), 0U);
  EXPECT_EQ(complete_graph(1).ties(), 0U);
}

TEST(CompleteGraph, AppendsOnItsBlockOnly) {
  TieList ties = {{0, 1}};
  add_complete_ties(ties, 10, 4);
  ASSERT_EQ(ties.size(), 1U + 6U);
  EXPECT_EQ(ties.front(), Tie(0, 1));
  for (std::size_t i = 1; i < ties.size(); ++i) {
    EXPECT_GE(std::min(ties[i].first, ties[i].second), 10U);
    EXPECT_LT(std::max(ties[i].first, ties[i].second), 14U);
  }
  EXPECT_TRUE(is_simple(TieList(ties.begin() + 1, ties.end())));
}

TEST(RingLattice, EveryVertexHasDegreeK) {
  for (const std::uint32_t k : {0U, 2U, 6U, 10U}) {
    constexpr std::uint32_t kN = 101;
    const DeveloperGraph graph = ring_lattice_graph(kN, k);
    expect_simple_symmetric(graph);
    EXPECT_EQ(graph.ties(), std::uint64_t{kN} * k / 2);
    for (std::uint32_t v = 0; v < kN; ++v) {
      ASSERT_EQ(graph.degree(v), k) << "k = " << k << ", vertex " << v;
      for (const std::uint32_t u : graph.neighbours(v)) {
        const std::uint32_t distance = std::min((u + kN - v) % kN, (v + kN - u) % kN);
        EXPECT_LE(distance, k / 2);
      }
    }
  }
}

TEST(RingLattice, LargestKIsTheCompleteGraph) {
  // k = n - 1 for odd n: each vertex reaches (n - 1) / 2 on each side, i.e. everyone.
  const DeveloperGraph graph = ring_lattice_graph(9, 8);
  EXPECT_EQ(graph.targets(), complete_graph(9).targets());
}

TEST(RingLattice, RejectsOddOrTooLargeK) {
  TieList ties;
  EXPECT_THROW(add_ring_lattice_ties(ties, 0, 10, 3), std::invalid_argument);
  EXPECT_THROW(add_ring_lattice_ties(ties, 0, 10, 10), std::invalid_argument);
  EXPECT_THROW(add_ring_lattice_ties(ties, 0, 4, 4), std::invalid_argument);
  EXPECT_TRUE(ties.empty());
}

// ---------------------------------------------------------------------------------------------
// Erdos-Renyi G(n, p)

TEST(ErdosRenyi, TieCountIsBinomial) {
  // In G(n, p) each of M = n (n - 1) / 2 pairs is an independent Bernoulli(p), so the tie count
  // is Binomial(M, p): mean M p and variance M p (1 - p). Here M = 1 999 000, mean 19 990 and
  // sd = sqrt(19 790.1) = 140.7; each replica must fall within 5 sd (false alarm about 6e-7).
  constexpr std::uint32_t kN = 2000;
  constexpr double kP = 0.01;
  const double pairs = kN * (kN - 1.0) / 2.0;
  const double mean = pairs * kP;
  const double sd = std::sqrt(pairs * kP * (1.0 - kP));
  for (std::uint32_t replica = 0; replica < 5; ++replica) {
    RandomStream stream = graph_stream(replica);
    const DeveloperGraph graph = erdos_renyi_graph(kN, kP, stream);
    expect_simple_symmetric(graph);
    EXPECT_LT(std::abs(static_cast<double>(graph.ties()) - mean), 5.0 * sd)
        << "replica " << replica << ": " << graph.ties() << " ties";
  }
}

TEST(ErdosRenyi, IsTrueGnpNotAFixedCountWithReplacement) {
  constexpr std::uint32_t kN = 4000;
  constexpr double kP = 0.005;
  RandomStream stream = graph_stream(0);
  TieList ties;
  add_erdos_renyi_ties(ties, 0, kN, kP, stream);
  // Sampling pairs with replacement (Boost's erdos_renyi_iterator) repeats pairs; G(n, p) never.
  EXPECT_TRUE(is_simple(ties));
  const DeveloperGraph graph(kN, ties);
  EXPECT_EQ(graph.ties(), ties.size());

  // Each degree is Binomial(n - 1, p), variance s2 = (n - 1) p (1 - p) = 19.895. The sample
  // variance over the n vertices has sd about s2 sqrt(2 / (n - 1)) (normal approximation; the
  // binomial's excess kurtosis 1 / s2 - 6 / (n - 1) adds under 3%); the two degrees of a pair
  // share one tie (covariance p (1 - p)), which biases it by only a factor 1 - 1 / (n - 1).
  // Tolerance: 5 sd, about 11% of s2.
  const double expected = (kN - 1.0) * kP * (1.0 - kP);
  const double tolerance = 5.0 * expected * std::sqrt(2.0 / (kN - 1.0));
  EXPECT_NEAR(sample_variance(degrees_of(graph)), expected, tolerance);
}

TEST(ErdosRenyi, TieCountVariesAcrossReplicasAsABinomial) {
  // What separates G(n, p) from G(n, m) (a fixed count): across R replicas, the tie count's
  // sample variance estimates M p (1 - p) with relative sd sqrt(2 / (R - 1)) = 7.1% for R = 400;
  // 5 of those is 35%. G(n, m) would give a variance of 0.
  constexpr std::uint32_t kN = 500;
  constexpr double kP = 0.02;
  constexpr std::uint32_t kReplicas = 400;
  std::vector<double> counts;
  for (std::uint32_t replica = 0; replica < kReplicas; ++replica) {
    RandomStream stream = graph_stream(replica);
    TieList ties;
    add_erdos_renyi_ties(ties, 0, kN, kP, stream);
    counts.push_back(static_cast<double>(ties.size()));
  }
  const double pairs = kN * (kN - 1.0) / 2.0;
  const double expected = pairs * kP * (1.0 - kP);
  EXPECT_NEAR(sample_variance(counts), expected, 5.0 * expected * std::sqrt(2.0 / (kReplicas - 1)));
  EXPECT_NEAR(mean_of(counts), pairs * kP, 5.0 * std::sqrt(expected / kReplicas));
}

TEST(ErdosRenyi, EveryPairHasProbabilityP) {
  // On a small block every pair's frequency over R replicas is Binomial(R, p) / R with sd
  // sqrt(p (1 - p) / R) = 0.0079 for p = 0.5, R = 4000; 5 sd = 0.04. Checks the mapping of skipped
  // indices to pairs reaches the first and last pairs and the block offset is applied.
  constexpr std::uint32_t kN = 10;
  constexpr std::uint32_t kFirst = 1000;
  constexpr double kP = 0.5;
  constexpr std::uint32_t kReplicas = 4000;
  std::vector<double> present(kN * kN, 0.0);
  for (std::uint32_t replica = 0; replica < kReplicas; ++replica) {
    RandomStream stream = graph_stream(replica);
    TieList ties;
    add_erdos_renyi_ties(ties, kFirst, kN, kP, stream);
    for (const auto& [u, v] : ties) {
      ASSERT_GE(std::min(u, v), kFirst);
      ASSERT_LT(std::max(u, v), kFirst + kN);
      ASSERT_NE(u, v);
      present[(u - kFirst) * kN + (v - kFirst)] += 1.0;
      present[(v - kFirst) * kN + (u - kFirst)] += 1.0;
    }
  }
  const double tolerance = 5.0 * std::sqrt(kP * (1.0 - kP) / kReplicas);
  for (std::uint32_t u = 0; u < kN; ++u) {
    for (std::uint32_t v = u + 1; v < kN; ++v) {
      EXPECT_NEAR(present[u * kN + v] / kReplicas, kP, tolerance) << "pair " << u << "-" << v;
    }
  }
}

TEST(ErdosRenyi, EdgeProbabilities) {
  RandomStream stream = graph_stream(0);
  EXPECT_EQ(erdos_renyi_graph(100, 0.0, stream).ties(), 0U);
  EXPECT_EQ(erdos_renyi_graph(100, 1.0, stream).ties(), 4950U);
  EXPECT_EQ(erdos_renyi_graph(1, 0.5, stream).ties(), 0U);
  // A tiny p must skip past every pair without overflowing the index.
  EXPECT_EQ(erdos_renyi_graph(1000, 1e-300, stream).ties(), 0U);
  TieList ties;
  EXPECT_THROW(add_erdos_renyi_ties(ties, 0, 10, 1.5, stream), std::invalid_argument);
  EXPECT_THROW(add_erdos_renyi_ties(ties, 0, 10, -0.1, stream), std::invalid_argument);
  EXPECT_THROW(add_erdos_renyi_ties(ties, 0, 10, std::nan(""), stream), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// Watts-Strogatz

TEST(WattsStrogatz, BetaZeroIsTheRingLattice) {
  RandomStream stream = graph_stream(0);
  const DeveloperGraph small_world = watts_strogatz_graph(1000, 10, 0.0, stream);
  const DeveloperGraph lattice = ring_lattice_graph(1000, 10);
  EXPECT_EQ(small_world.offsets(), lattice.offsets());
  EXPECT_EQ(small_world.targets(), lattice.targets());
}

TEST(WattsStrogatz, RewiringKeepsTheTieCount) {
  constexpr std::uint32_t kN = 10000;
  constexpr std::uint32_t kK = 10;
  for (const double beta : {0.05, 0.3, 1.0}) {
    RandomStream stream = graph_stream(1);
    TieList ties;
    add_watts_strogatz_ties(ties, 0, kN, kK, beta, stream);
    EXPECT_TRUE(is_simple(ties)) << "beta = " << beta;
    const DeveloperGraph graph(kN, ties);
    expect_simple_symmetric(graph);
    EXPECT_EQ(graph.ties(), std::uint64_t{kN} * kK / 2) << "beta = " << beta;
  }
}

TEST(WattsStrogatz, MovesAboutAFractionBetaOfTheTies) {
  // Each of the n k / 2 = 50 000 lattice ties moves with probability beta = 0.1 (sd of the moved
  // fraction 0.0013); a moved tie lands back at lattice distance with probability about k / n =
  // 0.001. So the fraction of ties longer than k / 2 must be 0.1 within 0.01.
  constexpr std::uint32_t kN = 10000;
  constexpr std::uint32_t kK = 10;
  RandomStream stream = graph_stream(2);
  const DeveloperGraph graph = watts_strogatz_graph(kN, kK, 0.1, stream);
  std::uint64_t long_ties = 0;
  for (std::uint32_t v = 0; v < kN; ++v) {
    for (const std::uint32_t u : graph.neighbours(v)) {
      if (std::min((u + kN - v) % kN, (v + kN - u) % kN) > kK / 2) ++long_ties;
    }
  }
  EXPECT_NEAR(static_cast<double>(long_ties) / 2.0 / static_cast<double>(graph.ties()), 0.1, 0.01);
}

TEST(WattsStrogatz, ImpossibleRewiresLeaveTiesInPlace) {
  // n = 5, k = 4 is the complete graph: no vertex has anyone left to move a tie to.
  RandomStream stream = graph_stream(3);
  EXPECT_EQ(watts_strogatz_graph(5, 4, 1.0, stream).targets(), complete_graph(5).targets());
  // Nearly complete graphs must terminate and keep every tie.
  for (std::uint32_t replica = 0; replica < 50; ++replica) {
    RandomStream dense = graph_stream(replica);
    const DeveloperGraph graph = watts_strogatz_graph(7, 4, 1.0, dense);
    expect_simple_symmetric(graph);
    EXPECT_EQ(graph.ties(), 14U);
  }
}

TEST(WattsStrogatz, IsReproducibleAndDiffersAcrossReplicas) {
  RandomStream first = graph_stream(7);
  RandomStream again = graph_stream(7);
  RandomStream other = graph_stream(8);
  const DeveloperGraph a = watts_strogatz_graph(5000, 8, 0.2, first);
  const DeveloperGraph b = watts_strogatz_graph(5000, 8, 0.2, again);
  const DeveloperGraph c = watts_strogatz_graph(5000, 8, 0.2, other);
  EXPECT_EQ(a.offsets(), b.offsets());
  EXPECT_EQ(a.targets(), b.targets());
  EXPECT_NE(a.targets(), c.targets());
}

TEST(WattsStrogatz, AppendsOnItsBlockOnly) {
  RandomStream stream = graph_stream(4);
  TieList ties = {{0, 1}};
  add_watts_strogatz_ties(ties, 500, 100, 6, 0.5, stream);
  ASSERT_EQ(ties.size(), 1U + 300U);
  for (std::size_t i = 1; i < ties.size(); ++i) {
    EXPECT_GE(std::min(ties[i].first, ties[i].second), 500U);
    EXPECT_LT(std::max(ties[i].first, ties[i].second), 600U);
  }
  EXPECT_TRUE(is_simple(TieList(ties.begin() + 1, ties.end())));
}

// ---------------------------------------------------------------------------------------------
// Power-law configuration model

// Maximum-likelihood exponent of the discrete power law truncated to [lo, hi], from the values in
// that range: the score equation sets the model's E[ln k] equal to the sample mean of ln k, and
// E[ln k] falls as gamma grows, so bisection finds it. Also returns the model's Var[ln k] at the
// estimate, whose inverse over the count is the estimator's asymptotic variance.
struct ExponentFit {
  double gamma = 0.0;
  double standard_error = 0.0;
};

ExponentFit fit_exponent(const std::vector<double>& degrees, std::uint32_t lo, std::uint32_t hi) {
  double sum_log = 0.0;
  double count = 0.0;
  for (const double k : degrees) {
    if (k >= lo && k <= hi) {
      sum_log += std::log(k);
      count += 1.0;
    }
  }
  const double mean_log = sum_log / count;
  const auto moments = [lo, hi](double gamma) {
    double z = 0.0;
    double m1 = 0.0;
    double m2 = 0.0;
    for (std::uint32_t k = lo; k <= hi; ++k) {
      const double w = std::pow(static_cast<double>(k), -gamma);
      const double l = std::log(static_cast<double>(k));
      z += w;
      m1 += w * l;
      m2 += w * l * l;
    }
    return std::make_pair(m1 / z, m2 / z - (m1 / z) * (m1 / z));
  };
  double low = 0.0;
  double high = 8.0;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (low + high);
    (moments(mid).first > mean_log ? low : high) = mid;
  }
  const double gamma = 0.5 * (low + high);
  return {gamma, 1.0 / std::sqrt(count * moments(gamma).second)};
}

TEST(PowerLaw, DrawnDegreesStayInRangeWithTheRightExponent) {
  constexpr std::uint32_t kN = 100000;
  constexpr double kGamma = 2.5;
  constexpr std::uint32_t kMin = 2;
  constexpr std::uint32_t kMax = 300;
  RandomStream stream = graph_stream(0);
  const std::vector<std::uint32_t> degrees = draw_power_law_degrees(kN, kGamma, kMin, kMax, stream);
  ASSERT_EQ(degrees.size(), kN);
  std::vector<double> as_double;
  for (const std::uint32_t k : degrees) {
    ASSERT_GE(k, kMin);
    ASSERT_LE(k, kMax);
    as_double.push_back(k);
  }
  // Both ends are reached: P(k = 2) is about 0.52, and P(k > 150) about 7e-4, i.e. ~70 draws.
  EXPECT_EQ(*std::min_element(degrees.begin(), degrees.end()), kMin);
  EXPECT_GT(*std::max_element(degrees.begin(), degrees.end()), 150U);
  // The sample is exactly the fitted model, so the estimate must fall within 5 standard errors
  // (about 0.005 each here).
  const ExponentFit fit = fit_exponent(as_double, kMin, kMax);
  EXPECT_NEAR(fit.gamma, kGamma, 5.0 * fit.standard_error);
}

TEST(PowerLaw, GraphKeepsTheTailAndErasesFewTies) {
  // kmax = 140 is below the structural cut-off sqrt(stubs) = 290 (mean degree 4.2, so about
  // 85 000 stubs), where few stub pairs collide.
  constexpr std::uint32_t kN = 20000;
  constexpr double kGamma = 2.5;
  constexpr std::uint32_t kMin = 2;
  constexpr std::uint32_t kMax = 140;
  RandomStream stream = graph_stream(0);
  TieList ties;
  const ConfigurationModelReport report =
      add_power_law_ties(ties, 0, kN, kGamma, kMin, kMax, stream);
  EXPECT_EQ(2 * (report.ties_added + report.self_loops + report.multi_ties) +
                (report.odd_stub_dropped ? 1 : 0),
            report.stubs);
  EXPECT_EQ(report.ties_added, ties.size());
  EXPECT_TRUE(is_simple(ties));
  const std::uint64_t erased = report.self_loops + report.multi_ties;
  EXPECT_LT(static_cast<double>(erased), 0.01 * static_cast<double>(report.stubs / 2));

  const DeveloperGraph graph(kN, ties);
  expect_simple_symmetric(graph);
  const std::vector<double> degrees = degrees_of(graph);
  for (const double k : degrees) EXPECT_LE(k, kMax);
  // Loose check: erasing ties lowers some degrees, mostly at hubs, and moves some vertices below
  // kmin, so the fit uses the tail k >= 4 and is allowed 0.15 around gamma (its standard error is
  // about 0.02 here).
  const ExponentFit fit = fit_exponent(degrees, 4, kMax);
  EXPECT_NEAR(fit.gamma, kGamma, 0.15);
}

TEST(PowerLaw, IsReproducibleAndDiffersAcrossReplicas) {
  RandomStream first = graph_stream(3);
  RandomStream again = graph_stream(3);
  RandomStream other = graph_stream(4);
  const DeveloperGraph a = power_law_graph(5000, 2.2, 1, 70, first);
  const DeveloperGraph b = power_law_graph(5000, 2.2, 1, 70, again);
  const DeveloperGraph c = power_law_graph(5000, 2.2, 1, 70, other);
  EXPECT_EQ(a.offsets(), b.offsets());
  EXPECT_EQ(a.targets(), b.targets());
  EXPECT_NE(a.targets(), c.targets());
}

TEST(PowerLaw, RejectsBadArguments) {
  RandomStream stream = graph_stream(0);
  TieList ties;
  EXPECT_THROW(add_power_law_ties(ties, 0, 100, 2.5, 0, 10, stream), std::invalid_argument);
  EXPECT_THROW(add_power_law_ties(ties, 0, 100, 2.5, 20, 10, stream), std::invalid_argument);
  EXPECT_THROW(add_power_law_ties(ties, 0, 100, 2.5, 2, 100, stream), std::invalid_argument);
  EXPECT_THROW(add_power_law_ties(ties, 0, 100, std::nan(""), 2, 10, stream),
               std::invalid_argument);
  EXPECT_TRUE(ties.empty());
}

TEST(ConfigurationModel, RealisesADegreeSequenceWithoutCollisions) {
  // A perfect matching on 2 stubs per vertex of a large block: collisions are rare but the
  // realised degrees never exceed the requested ones.
  std::vector<std::uint32_t> degrees(1000, 2);
  degrees[0] = 3;  // odd total: one stub is left over
  RandomStream stream = graph_stream(0);
  TieList ties;
  const ConfigurationModelReport report = add_configuration_model_ties(ties, 0, degrees, stream);
  EXPECT_TRUE(report.odd_stub_dropped);
  EXPECT_EQ(report.stubs, 2001U);
  const DeveloperGraph graph(1000, ties);
  for (std::uint32_t v = 0; v < 1000; ++v) EXPECT_LE(graph.degree(v), degrees[v]);
}

// ---------------------------------------------------------------------------------------------
// Ties between blocks

TEST(BipartiteTies, DistinctTiesBetweenTheBlocks) {
  RandomStream stream = graph_stream(0);
  TieList ties;
  add_random_bipartite_ties(ties, 0, 1000, 1000, 500, 20000, stream);
  ASSERT_EQ(ties.size(), 20000U);
  EXPECT_TRUE(is_simple(ties));
  EXPECT_TRUE(std::is_sorted(ties.begin(), ties.end()));
  for (const auto& [a, b] : ties) {
    EXPECT_LT(a, 1000U);
    EXPECT_GE(b, 1000U);
    EXPECT_LT(b, 1500U);
  }
}

TEST(BipartiteTies, EveryPairEquallyLikely) {
  // 3 x 4 = 12 pairs, `count` of them per replica: a pair's frequency over R = 6000 replicas is
  // count / 12 with sd at most sqrt(0.25 / R) = 0.0065; 5 sd = 0.032. count = 9 goes through the
  // complement (choosing the 3 pairs left out).
  for (const std::uint64_t count : {5U, 9U, 12U}) {
    constexpr std::uint32_t kReplicas = 6000;
    std::vector<double> frequency(12, 0.0);
    for (std::uint32_t replica = 0; replica < kReplicas; ++replica) {
      RandomStream stream = graph_stream(replica);
      TieList ties;
      add_random_bipartite_ties(ties, 20, 3, 10, 4, count, stream);
      ASSERT_EQ(ties.size(), count);
      ASSERT_TRUE(is_simple(ties));
      for (const auto& [a, b] : ties) frequency[(a - 20) * 4 + (b - 10)] += 1.0 / kReplicas;
    }
    for (const double f : frequency) {
      EXPECT_NEAR(f, static_cast<double>(count) / 12.0, 0.032) << "count = " << count;
    }
  }
}

TEST(BipartiteTies, RejectsOverlapAndTooManyTies) {
  RandomStream stream = graph_stream(0);
  TieList ties;
  EXPECT_THROW(add_random_bipartite_ties(ties, 0, 10, 5, 10, 1, stream), std::invalid_argument);
  EXPECT_THROW(add_random_bipartite_ties(ties, 0, 3, 3, 3, 10, stream), std::invalid_argument);
  EXPECT_TRUE(ties.empty());
  add_random_bipartite_ties(ties, 0, 0, 3, 3, 0, stream);
  EXPECT_TRUE(ties.empty());
}

TEST(BipartiteTies, BuildsAWorldOfNations) {
  // Two nations of small worlds plus ties across: the sum of the parts, all simple.
  TieList ties;
  RandomStream nation_a(ReplicaKey::make(1, 0), Purpose::kGraph, 0, 0);
  RandomStream nation_b(ReplicaKey::make(1, 0), Purpose::kGraph, 0, 1);
  RandomStream across(ReplicaKey::make(1, 0), Purpose::kGraph, 0, 2);
  add_watts_strogatz_ties(ties, 0, 3000, 8, 0.1, nation_a);
  add_watts_strogatz_ties(ties, 3000, 2000, 6, 0.1, nation_b);
  add_random_bipartite_ties(ties, 0, 3000, 3000, 2000, 500, across);
  EXPECT_TRUE(is_simple(ties));
  const DeveloperGraph graph(5000, std::move(ties));
  expect_simple_symmetric(graph);
  EXPECT_EQ(graph.ties(), 3000U * 4 + 2000U * 3 + 500U);
}

}  // namespace
}  // namespace blocsim
