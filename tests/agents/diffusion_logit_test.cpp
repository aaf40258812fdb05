// The logit rule against closed-form results: with no network term and no switching cost its
// long-run shares are the softmax of the utilities and obey independence of irrelevant
// alternatives; with a network term on a complete graph (the mean field) two options settle where
// m = tanh((dV + J m) / 2 mu), m the difference of their shares. Also: the network term counts
// ties on the same model, or on models of the same origin.

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

constexpr double kZ = 4.0;  // tolerance in standard errors

// Everyone starts on model 0 and reconsiders at rate 0.1 with no switching cost and no network:
// after 120 months only 0.9^120 = 3e-6 of them have never reconsidered, so the shares are the
// logit's choice probabilities. Returns the shares.
std::vector<double> long_run_shares(const std::vector<double>& utility, std::uint32_t agents,
                                    std::uint32_t seed) {
  std::vector<double> weight;
  for (const double v : utility) weight.push_back(std::exp(v));
  DiffusionWorld w(DeveloperGraph(agents, {}), utility.size(), weight);
  w.params.reconsider_rate = 0.1;
  for (std::uint32_t i = 0; i < agents; ++i) w.seed(i, 0);
  w.start();
  const ReplicaKey key = ReplicaKey::make(seed, 0);
  for (std::uint32_t t = 0; t < 120; ++t) w.step(t, key);
  std::vector<double> share;
  for (std::size_t j = 0; j < utility.size(); ++j) {
    share.push_back(static_cast<double>(w.on(static_cast<std::uint8_t>(j))) / agents);
  }
  return share;
}

TEST(DiffusionLogit, LongRunSharesAreTheSoftmaxAndObeyIia) {
  constexpr std::uint32_t kAgents = 100000;
  const std::vector<double> utility = {0.0, 0.5, 1.0};
  const std::vector<double> share = long_run_shares(utility, kAgents, 71);
  double total = 0.0;
  for (const double v : utility) total += std::exp(v);
  for (std::size_t j = 0; j < utility.size(); ++j) {
    const double target = std::exp(utility[j]) / total;
    // Each developer's model is an independent draw: the share is binomial.
    const double se = std::sqrt(target * (1.0 - target) / kAgents);
    expect_validated("share of model " + std::to_string(j) + " = softmax(0, 0.5, 1)", target,
                     share[j], kZ * se, "4 binomial SE, N = 100000");
  }
  // Adding a fourth model takes share from all three in proportion: s1 / s0 stays e^{0.5}.
  const std::vector<double> with_fourth = long_run_shares({0.0, 0.5, 1.0, 0.8}, kAgents, 72);
  // Delta method: var(ln(s1 / s0)) = (1 - s1) / (N s1) + (1 - s0) / (N s0) + 2 / N.
  auto se_log_ratio = [&](double s0, double s1) {
    return std::sqrt((1.0 - s1) / (kAgents * s1) + (1.0 - s0) / (kAgents * s0) + 2.0 / kAgents);
  };
  expect_validated("ln(s1 / s0) with 3 models", 0.5, std::log(share[1] / share[0]),
                   kZ * se_log_ratio(share[0], share[1]), "4 SE (delta method, multinomial)");
  expect_validated(
      "ln(s1 / s0) after adding a 4th model (IIA)", 0.5, std::log(with_fourth[1] / with_fourth[0]),
      kZ * se_log_ratio(with_fourth[0], with_fourth[1]), "4 SE (delta method, multinomial)");
}

struct LockIn {
  std::vector<double> m;  // per replica: mean of m over the last 50 months
};

// Two options of equal utility on a complete graph of `agents`, J / 2 mu = coupling, developers
// starting 50/50 at random; m = share of model 0 - share of model 1.
LockIn run_two_options(double coupling, std::uint32_t agents, std::uint32_t replicas) {
  const DeveloperGraph complete = complete_graph(agents);
  LockIn out;
  for (std::uint32_t r = 0; r < replicas; ++r) {
    DiffusionWorld w(complete, 2);
    w.params.mu = 1.0;
    w.params.network_j = 2.0 * coupling;
    w.params.reconsider_rate = 0.2;
    const ReplicaKey key = ReplicaKey::make(73, r);
    for (std::uint32_t i = 0; i < agents; ++i) {
      RandomStream start(key, Purpose::kTest, 0, i);
      w.seed(i, start.uniform() < 0.5 ? 0 : 1);
    }
    w.start();
    double sum = 0.0;
    for (std::uint32_t t = 0; t < 200; ++t) {
      w.step(t, key);
      if (t >= 150) sum += (static_cast<double>(w.on(0)) - w.on(1)) / agents;
    }
    out.m.push_back(sum / 50.0);
  }
  return out;
}

// The stable solution of m = tanh(b m) with m > 0 (b > 1), by fixed-point iteration.
double positive_root(double b) {
  double m = 1.0;
  for (int k = 0; k < 10000; ++k) m = std::tanh(b * m);
  return m;
}

TEST(DiffusionLogit, TwoOptionsWithStrongNetworkLockInEitherWay) {
  constexpr std::uint32_t kAgents = 400;
  constexpr std::uint32_t kReplicas = 100;
  const double m_star = positive_root(1.5);
  EXPECT_NEAR(m_star, 0.8586, 5e-5);
  const LockIn run = run_two_options(1.5, kAgents, kReplicas);
  std::vector<double> magnitude;
  std::uint32_t positive = 0;
  for (const double m : run.m) {
    magnitude.push_back(std::abs(m));
    positive += m > 0.0 ? 1u : 0u;
  }
  // Every replica sits at one of the two stable states, none near the unstable m = 0.
  EXPECT_GT(*std::min_element(magnitude.begin(), magnitude.end()), m_star / 2.0);
  const auto s = sample_of(magnitude);
  expect_validated("|m| = 0.8586 solving m = tanh(1.5 m), N = 400, complete graph", m_star, s.mean,
                   kZ * s.se(), "4 SE over 100 replicas of the 50-month mean of |m|");
  // Symmetric options: lock-in to model 0 is Binomial(100, 1/2); 4 SE = 20 replicas.
  expect_validated("replicas locked in to model 0 (of 100)", kReplicas / 2.0, positive,
                   kZ * std::sqrt(kReplicas * 0.25), "4 SE of Binomial(100, 1/2)");
}

TEST(DiffusionLogit, TwoOptionsWithWeakNetworkStayMixed) {
  constexpr std::uint32_t kAgents = 400;
  constexpr std::uint32_t kReplicas = 40;
  // J / 2 mu = 0.5 < 1: m = tanh(0.5 m) has the single solution m = 0.
  const LockIn run = run_two_options(0.5, kAgents, kReplicas);
  const auto s = sample_of(run.m);
  // No replica leaves m = 0 for a locked-in state: the month-to-month spread of m about 0 is
  // about sqrt(1 / (N (1 - J / 2 mu))) = 0.07, less for a 50-month mean, so 0.25 is far
  // beyond chance and far below the 0.86 a lock-in would reach.
  for (const double m : run.m) EXPECT_LT(std::abs(m), 0.25);
  expect_validated("m with J/(2 mu) = 0.5 (only m = 0), N = 400", 0.0, s.mean, kZ * s.se(),
                   "4 SE over 40 replicas of the 50-month mean of m");
}

TEST(DiffusionLogit, NetworkOnBlocCountsTiesOnAnyModelOfTheSameOrigin) {
  // A star: developers 1..N are tied only to developer 0, who is on model 0 (US). Models 1 (US)
  // and 2 (China) have the same utility. A strong network term sends everyone to model 0 when it
  // counts the same model, and splits them evenly between the two US models when it counts the
  // same bloc.
  constexpr std::uint32_t kAgents = 4001;
  TieList star;
  for (std::uint32_t i = 1; i < kAgents; ++i) star.emplace_back(0, i);
  for (const NetworkOn on : {NetworkOn::kModel, NetworkOn::kBloc}) {
    DiffusionWorld w(DeveloperGraph(kAgents, star), 3, {},
                     {Origin::kUs, Origin::kUs, Origin::kChina});
    w.params.network_j = 30.0;  // e^{-30}: the other weights vanish
    w.params.reconsider_rate = 1.0;
    w.params.network_on = on;
    for (std::uint32_t i = 0; i < kAgents; ++i) w.seed(i, i == 0 ? 0 : 2);
    w.start();
    complete_offer(w.params, w.offer);
    adopt(0, ReplicaKey::make(74, 0), w.params, w.offer, w.developers, 1, kAgents);
    std::uint32_t count[3] = {0, 0, 0};
    for (std::uint32_t i = 1; i < kAgents; ++i) ++count[w.developers.next_model[i]];
    EXPECT_EQ(count[2], 0u);
    if (on == NetworkOn::kModel) {
      EXPECT_EQ(count[0], kAgents - 1);
    } else {
      // Binomial(4000, 1/2): 4 SE = 126.
      EXPECT_NEAR(count[0], 2000.0, 4.0 * std::sqrt(1000.0));
    }
  }
}

}  // namespace
}  // namespace blocsim
