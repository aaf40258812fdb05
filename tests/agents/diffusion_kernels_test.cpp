// How the rule kernels behave apart from their closed forms: the state they read stays equal to
// a recount, splitting developers into ranges changes nothing, every rule takes its model choice
// from the same uniform (common random numbers), PEERS follows ties, bans move adopters, and a
// cascade gives each tie one chance only.

#include <gtest/gtest.h>

#include <iostream>
#include <string>
#include <vector>

#include "blocsim/agents/logit_kernel.hpp"
#include "blocsim/core/graph_generators.hpp"
#include "diffusion_support.hpp"

namespace blocsim {
namespace {

using testing::DiffusionWorld;

DeveloperGraph small_world(std::uint32_t n, std::uint32_t seed) {
  RandomStream stream(ReplicaKey::make(seed, 0), Purpose::kTest, 0, 0);
  return watts_strogatz_graph(n, 6, 0.2, stream);
}

// A world under `rule` with 3 models, a few seeds and thresholds, ready to step.
DiffusionWorld world_under(AdoptionRule rule, std::uint32_t n = 2000) {
  DiffusionWorld w(small_world(n, 111), 3, {1.0, 2.0, 0.5});
  w.params.rule = rule;
  w.params.network_j = 1.0;
  w.params.reconsider_rate = 0.3;
  w.params.bass = {0.02, 0.5, 1.0, false};
  w.params.cascade = {0.3};
  w.params.complex_contagion = {2, 0.01};
  for (std::uint32_t i = 0; i < n; i += 37) w.seed(i, static_cast<std::uint8_t>(i % 3));
  if (rule == AdoptionRule::kLogit) {
    for (std::uint32_t i = 0; i < n; ++i) w.seed(i, static_cast<std::uint8_t>(i % 3));
  }
  RandomStream thresholds(ReplicaKey::make(112, 0), Purpose::kTest, 1, 0);
  for (double& theta : w.state.threshold) theta = thresholds.uniform(0.0, 0.5);
  w.start();
  return w;
}

const AdoptionRule kRules[] = {AdoptionRule::kLogit, AdoptionRule::kBass, AdoptionRule::kThreshold,
                               AdoptionRule::kCascade, AdoptionRule::kComplex};

TEST(DiffusionKernels, StateStaysEqualToARecount) {
  for (const AdoptionRule rule : kRules) {
    if (rule == AdoptionRule::kLogit) continue;  // logit does not keep the state
    DiffusionWorld w = world_under(rule);
    const ReplicaKey key = ReplicaKey::make(113, 0);
    for (std::uint32_t t = 0; t < 12; ++t) {
      w.step(t, key);
      DiffusionState recount;
      recount.threshold = w.state.threshold;
      reset_diffusion_state(w.developers, recount);
      EXPECT_EQ(w.state.adopted_ties, recount.adopted_ties) << "step " << t;
      EXPECT_EQ(w.state.adopted_on, recount.adopted_on) << "step " << t;
      EXPECT_EQ(w.state.adopted, recount.adopted) << "step " << t;
    }
    EXPECT_GT(w.state.adopted, 2000u / 37u) << "the rule spread beyond the seeds";
  }
}

TEST(DiffusionKernels, RangesOfDevelopersDoNotChangeTheChoices) {
  // The logit rule runs adopt(), which takes the fastest kernel this CPU has (AVX-512 or the
  // portable one; tests/agents/adoption_kernel_test.cpp holds each to the definition): say which.
  const std::string kernel(logit_kernel_name(logit_kernel_for(3)));
  RecordProperty("logit_kernel", kernel);
  std::cout << "[ kernel   ] logit rule on the " << kernel << " kernel\n";
  for (const AdoptionRule rule : kRules) {
    DiffusionWorld whole = world_under(rule);
    DiffusionWorld split = world_under(rule);
    const ReplicaKey key = ReplicaKey::make(114, 0);
    for (std::uint32_t t = 0; t < 6; ++t) {
      adopt_by_rule(t, key, whole.params, whole.offer, whole.state, whole.developers, 0, 2000);
      // Backwards, in uneven ranges: synchronous updates read only last step's state.
      for (const auto& [begin, end] : {std::pair{1500u, 2000u}, {7u, 1500u}, {0u, 7u}}) {
        adopt_by_rule(t, key, split.params, split.offer, split.state, split.developers, begin, end);
      }
      ASSERT_EQ(whole.developers.next_model, split.developers.next_model) << "step " << t;
      commit_adoption(rule, whole.developers, whole.state);
      commit_adoption(rule, split.developers, split.state);
    }
  }
}

TEST(DiffusionKernels, EveryRuleTakesItsModelChoiceFromTheSameUniform) {
  // Make every developer adopt in step 0 under Bass (p huge), threshold (thresholds 0) and
  // complex contagion (epsilon 1): with the same key each developer picks the same model under
  // all three, because the choice reads the stream's second uniform under every rule.
  std::vector<std::vector<std::uint8_t>> picks;
  for (const AdoptionRule rule :
       {AdoptionRule::kBass, AdoptionRule::kThreshold, AdoptionRule::kComplex}) {
    DiffusionWorld w(small_world(3000, 115), 4, {1.0, 0.5, 2.0, 1.5});
    w.params.rule = rule;
    w.params.bass = {1000.0, 0.0, 1.0, false};
    w.params.complex_contagion = {1, 1.0};
    w.start();
    w.step(0, ReplicaKey::make(116, 0));
    ASSERT_EQ(w.adopted(), 3000u);
    picks.push_back(w.developers.model);
  }
  EXPECT_EQ(picks[0], picks[1]);
  EXPECT_EQ(picks[0], picks[2]);
}

TEST(DiffusionKernels, PeersChoiceFollowsTheModelsOfAdoptedTies) {
  // A star: the centre is on model 2 of 3 equally weighted models; the leaves adopt by imitation.
  constexpr std::uint32_t kLeaves = 3000;
  TieList star;
  for (std::uint32_t i = 1; i <= kLeaves; ++i) star.emplace_back(0, i);
  for (const ModelChoice choice : {ModelChoice::kPeers, ModelChoice::kLogit}) {
    DiffusionWorld w(DeveloperGraph(kLeaves + 1, star), 3);
    w.params.rule = AdoptionRule::kBass;
    w.params.bass = {0.0, 1000.0, 1.0, false};
    w.params.model_choice = choice;
    w.seed(0, 2);
    w.start();
    w.step(0, ReplicaKey::make(117, 0));
    ASSERT_EQ(w.adopted(), kLeaves + 1);
    if (choice == ModelChoice::kPeers) {
      EXPECT_EQ(w.on(2), kLeaves + 1);
    } else {
      // No network term: the logit over three equal weights, Binomial(3000, 1/3) each.
      EXPECT_NEAR(w.on(0), kLeaves / 3.0, 4.0 * std::sqrt(kLeaves * 2.0 / 9.0));
    }
  }
}

TEST(DiffusionKernels, ABanMovesAdoptersToAModelTheyMayUse) {
  DiffusionWorld w(small_world(1000, 118), 3);
  w.params.rule = AdoptionRule::kBass;
  w.params.bass = {0.0, 0.0, 1.0, false};
  for (std::uint32_t i = 0; i < 1000; ++i) w.seed(i, 0);
  w.start();
  // Model 0 banned in the private sector: weight 0 and everyone on it must leave.
  w.offer.weight[0] = 0.0;
  w.offer.forced_leave[0] = 1.0;
  w.step(0, ReplicaKey::make(119, 0));
  EXPECT_EQ(w.adopted(), 1000u) << "adopters stay adopters";
  EXPECT_EQ(w.on(0), 0u);
  EXPECT_NEAR(w.on(1), 500.0, 4.0 * std::sqrt(250.0));
}

TEST(DiffusionKernels, ACascadeGivesEachTieOneChance) {
  // A star whose centre is the seed: each leaf is tried once, in the first step, and never again.
  constexpr std::uint32_t kLeaves = 2000;
  TieList star;
  for (std::uint32_t i = 1; i <= kLeaves; ++i) star.emplace_back(0, i);
  DiffusionWorld w(DeveloperGraph(kLeaves + 1, star), 1);
  w.params.rule = AdoptionRule::kCascade;
  w.params.cascade = {0.25};
  w.seed(0);
  w.start();
  w.step(0, ReplicaKey::make(120, 0));
  const std::uint32_t after_first = w.adopted();
  EXPECT_NEAR(after_first - 1.0, 500.0, 4.0 * std::sqrt(kLeaves * 0.25 * 0.75));
  for (std::uint32_t t = 1; t < 20; ++t) w.step(t, ReplicaKey::make(120, 0));
  EXPECT_EQ(w.adopted(), after_first);
}

}  // namespace
}  // namespace blocsim
