// The Bass rule against closed-form results: the Bass curve in the mean field, the binomial law
// of pure innovation, and the one-dimensional solution on a ring. Months are steps of length dt;
// the stepped process holds each step's hazard at the previous step's adopted share, which biases
// it by O(dt). Each test computes that bias from the stepped equations (not tuned) and states it
// beside the sampling error in its tolerance.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "blocsim/core/graph_generators.hpp"
#include "diffusion_support.hpp"

namespace blocsim {
namespace {

using testing::DiffusionWorld;
using testing::expect_validated;
using testing::sample_of;

constexpr double kP = 0.03;
constexpr double kQ = 0.38;
constexpr double kDt = 0.01;
constexpr double kZ = 4.0;  // tolerance in standard errors: a false alarm about 6e-5 per check

// Bass (1969): F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}).
double bass_curve(double t) {
  const double e = std::exp(-(kP + kQ) * t);
  return (1.0 - e) / (1.0 + (kQ / kP) * e);
}

// The many-agent limit of the stepped mean-field process: F_{k+1} = F_k + (1 - F_k) h(F_k),
// h(F) = 1 - exp(-(p + q F) dt). Entry k is F after k steps.
std::vector<double> stepped_bass(std::size_t steps) {
  std::vector<double> f(steps + 1, 0.0);
  for (std::size_t k = 0; k < steps; ++k) {
    f[k + 1] = f[k] + (1.0 - f[k]) * -std::expm1(-(kP + kQ * f[k]) * kDt);
  }
  return f;
}

// When a curve sampled every dt first reaches `level`, by linear interpolation between steps.
double crossing_time(const std::vector<double>& f, double level) {
  for (std::size_t k = 0; k + 1 < f.size(); ++k) {
    if (f[k + 1] >= level) {
      return (static_cast<double>(k) + (level - f[k]) / (f[k + 1] - f[k])) * kDt;
    }
  }
  return INFINITY;
}

std::string basis(double se, std::size_t replicas, double bias, const char* what) {
  char text[256];
  std::snprintf(text, sizeof text,
                "4 SE over %zu replicas (SE %.2g) + stepping bias %.2g (%s at dt = %.2g)", replicas,
                se, std::abs(bias), what, kDt);
  return text;
}

TEST(DiffusionBass, MeanFieldFollowsTheBassCurve) {
  constexpr std::uint32_t kAgents = 10000;
  constexpr std::size_t kReplicas = 20;
  constexpr std::size_t kSteps = 1000;  // t = 10
  // The peak of the adoption rate f = dF/dt is where F crosses (q - p) / 2q, at
  // t* = ln(q/p) / (p + q): the inflection of the Bass curve, measured on each replica.
  const double peak_share = (kQ - kP) / (2.0 * kQ);
  const double peak_time = std::log(kQ / kP) / (kP + kQ);
  std::vector<double> at5, at10, peak;
  for (std::uint32_t r = 0; r < kReplicas; ++r) {
    DiffusionWorld w(DeveloperGraph(kAgents, {}), 2);
    w.params.rule = AdoptionRule::kBass;
    w.params.bass = {kP, kQ, kDt, true};
    w.start();
    const ReplicaKey key = ReplicaKey::make(61, r);
    std::vector<double> f(kSteps + 1, 0.0);
    for (std::uint32_t k = 0; k < kSteps; ++k) {
      w.step(k, key);
      f[k + 1] = static_cast<double>(w.state.adopted) / kAgents;
    }
    at5.push_back(f[500]);
    at10.push_back(f[1000]);
    peak.push_back(crossing_time(f, peak_share));
  }
  const std::vector<double> stepped = stepped_bass(kSteps);
  const double stepped_peak = crossing_time(stepped, peak_share);

  const auto f5 = sample_of(at5);
  const auto f10 = sample_of(at10);
  const auto tp = sample_of(peak);
  EXPECT_NEAR(bass_curve(5.0), 0.3312, 5e-5);
  EXPECT_NEAR(bass_curve(10.0), 0.8128, 5e-5);
  EXPECT_NEAR(peak_time, 6.193, 5e-4);
  // Against the stepped process: sampling error only.
  EXPECT_NEAR(f5.mean, stepped[500], kZ * f5.se());
  EXPECT_NEAR(f10.mean, stepped[1000], kZ * f10.se());
  EXPECT_NEAR(tp.mean, stepped_peak, kZ * tp.se());
  // Against the continuous closed form: sampling error plus the stepping bias.
  const double b5 = stepped[500] - bass_curve(5.0);
  const double b10 = stepped[1000] - bass_curve(10.0);
  const double bp = stepped_peak - peak_time;
  expect_validated("F(5), mean field, N = 10000", bass_curve(5.0), f5.mean,
                   kZ * f5.se() + std::abs(b5), basis(f5.se(), kReplicas, b5, "stepped map"));
  expect_validated("F(10), mean field, N = 10000", bass_curve(10.0), f10.mean,
                   kZ * f10.se() + std::abs(b10), basis(f10.se(), kReplicas, b10, "stepped map"));
  expect_validated("t* = ln(q/p)/(p+q), peak adoption rate", peak_time, tp.mean,
                   kZ * tp.se() + std::abs(bp), basis(tp.se(), kReplicas, bp, "stepped map"));
}

TEST(DiffusionBass, WithoutImitationAdoptersAreBinomial) {
  // q = 0: each developer adopts on its own with hazard p, so after t the number of adopters is
  // Binomial(N, 1 - e^{-pt}) on any graph, and exactly so for any dt (the steps' survival
  // probabilities e^{-p dt} multiply to e^{-pt}).
  constexpr std::uint32_t kAgents = 1000;
  constexpr std::size_t kReplicas = 2000;
  constexpr double p = 0.05;
  constexpr std::uint32_t kSteps = 10;  // dt = 1: t = 10
  RandomStream graph_stream(ReplicaKey::make(62, 0), Purpose::kTest, 0, 0);
  const DeveloperGraph graph = watts_strogatz_graph(kAgents, 8, 0.1, graph_stream);
  std::vector<double> counts;
  for (std::uint32_t r = 0; r < kReplicas; ++r) {
    DiffusionWorld w(graph, 1);
    w.params.rule = AdoptionRule::kBass;
    w.params.bass = {p, 0.0, 1.0, false};
    w.start();
    const ReplicaKey key = ReplicaKey::make(62, r);
    for (std::uint32_t k = 0; k < kSteps; ++k) w.step(k, key);
    counts.push_back(w.adopted());
  }
  const double pi = -std::expm1(-p * kSteps);
  const double mean = kAgents * pi;
  const double variance = kAgents * pi * (1.0 - pi);
  const auto s = sample_of(counts);
  // Under the binomial law: SE of the mean sqrt(var / R); SE of the sample variance
  // var sqrt(2 / (R - 1) + kurtosis / R) with the binomial's excess kurtosis (1 - 6 pi (1 - pi)) /
  // var.
  const double se_mean = std::sqrt(variance / kReplicas);
  const double kurtosis = (1.0 - 6.0 * pi * (1.0 - pi)) / variance;
  const double se_variance = variance * std::sqrt(2.0 / (kReplicas - 1.0) + kurtosis / kReplicas);
  expect_validated("mean adopters at t = 10, p = 0.05, q = 0, N = 1000", mean, s.mean, kZ * se_mean,
                   "4 SE of the mean over 2000 replicas under Binomial(N, 1 - e^-pt)");
  expect_validated("variance of adopters at t = 10", variance, s.variance, kZ * se_variance,
                   "4 SE of the sample variance over 2000 replicas under the binomial law");
}

// Survival of a developer on an infinite ring with k = 2 under the stepped process. Given that
// developer i has not adopted, its two neighbours evolve as one-sided chains (neither hears from
// i), independent of each other; a one-sided chain's node survives step k with probability
// a [b if its inner neighbour had adopted before the step], a = e^{-p dt}, b = e^{-(q/2) dt}.
// Returns 1 - S after `steps` steps: the exact stepped counterpart of the continuous solution.
double stepped_ring(std::size_t steps) {
  const double a = std::exp(-kP * kDt);
  const double b = std::exp(-kQ / 2.0 * kDt);
  // one[k]: probability a one-sided node has not adopted after k steps.
  std::vector<double> one(steps + 1, 1.0);
  std::vector<double> power(steps + 1, 1.0);  // b^j
  for (std::size_t j = 1; j <= steps; ++j) power[j] = power[j - 1] * b;
  // E[b^{exposure}] after k steps: the inner node adopted in step m (1 <= m < k) exposes the
  // outer node during steps m + 1 .. k, that is k - m steps.
  auto exposure = [&](std::size_t k) {
    double e = one[k - 1];  // not adopted during the first k - 1 steps: no exposure yet
    for (std::size_t m = 1; m < k; ++m) e += (one[m - 1] - one[m]) * power[k - m];
    return e;
  };
  double a_k = 1.0;
  for (std::size_t k = 1; k <= steps; ++k) {
    a_k *= a;
    one[k] = a_k * exposure(k);
  }
  const double e = exposure(steps);
  return 1.0 - a_k * e * e;
}

TEST(DiffusionBass, OnARingFollowsTheOneDimensionalSolution) {
  // Ring with k = 2, imitation q x (adopted ties / 2): Fibich and Gibori (2010), "Aggregate
  // diffusion dynamics in agent-based models with a spatial structure", Operations Research 58,
  // give F(t) = 1 - exp(-(p + q) t + (q / p)(1 - e^{-pt})) for the infinite ring.
  constexpr std::uint32_t kAgents = 10000;
  constexpr std::size_t kReplicas = 20;
  constexpr std::size_t kSteps = 1000;
  const DeveloperGraph ring = ring_lattice_graph(kAgents, 2);
  std::vector<double> at10;
  for (std::uint32_t r = 0; r < kReplicas; ++r) {
    DiffusionWorld w(ring, 1);
    w.params.rule = AdoptionRule::kBass;
    w.params.bass = {kP, kQ, kDt, false};
    w.start();
    const ReplicaKey key = ReplicaKey::make(63, r);
    for (std::uint32_t k = 0; k < kSteps; ++k) w.step(k, key);
    at10.push_back(static_cast<double>(w.adopted()) / kAgents);
  }
  const double t = 10.0;
  const double closed = 1.0 - std::exp(-(kP + kQ) * t + (kQ / kP) * -std::expm1(-kP * t));
  EXPECT_NEAR(closed, 0.5583, 5e-5);
  const double stepped = stepped_ring(kSteps);
  const auto s = sample_of(at10);
  EXPECT_NEAR(s.mean, stepped, kZ * s.se());
  expect_validated("F(10), ring k = 2, N = 10000", closed, s.mean,
                   kZ * s.se() + std::abs(stepped - closed),
                   basis(s.se(), kReplicas, stepped - closed, "exact stepped ring"));
}

}  // namespace
}  // namespace blocsim
