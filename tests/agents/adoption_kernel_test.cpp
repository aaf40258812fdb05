// adopt() reads the tie term from a table and forms its weights and scan without branches
// (agents/src/adoption.cpp). These tests hold it to the definition it optimises: every model's
// weight w_j x exp(J/mu k_j/d) x (switching term), evaluated, then the branching scan of the
// cumulative sum, as docs/MODEL.md states the logit choice. They must agree on every developer,
// bit for bit, in worlds chosen to reach the edges: banned models (the current one too), a
// nation with everything banned, degrees above the tie table's, no ties, 1 to 64 models, a
// switching cost so large that exp(-c/mu) underflows.

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "blocsim/agents/adoption.hpp"
#include "blocsim/core/random_stream.hpp"

namespace blocsim {
namespace {

// The logit choice by its definition: every weight formed, then the inverse-CDF scan.
void adopt_by_definition(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                         const AdoptionOffer& offer, Developers& developers) {
  const std::size_t M = offer.models;
  const double j_over_mu = params.network_j / params.mu;
  const double sigma = std::exp(-params.switching_cost / params.mu);
  for (std::uint32_t i = 0; i < developers.size(); ++i) {
    const std::size_t row = developers.sector[i] * offer.nations + developers.nation[i];
    const std::uint8_t current = developers.model[i];
    const double* base = offer.weight.data() + row * M;
    RandomStream stream(key, Purpose::kAdoption, t, i);
    const double reconsider =
        std::max(params.reconsider_rate, offer.forced_leave[row * M + current]);
    developers.next_model[i] = current;
    if (stream.uniform() >= reconsider) continue;
    std::array<std::uint32_t, kMaxModels> ties_on{};
    const auto ties = developers.ties.neighbours(i);
    for (const std::uint32_t v : ties) ++ties_on[developers.model[v]];
    const double inverse_degree = ties.empty() ? 0.0 : 1.0 / static_cast<double>(ties.size());
    std::array<double, kMaxModels> weight{};
    double total = 0.0;
    for (std::size_t j = 0; j < M; ++j) {
      double w = base[j];
      if (w > 0.0) {
        if (ties_on[j] != 0) w *= std::exp(j_over_mu * ties_on[j] * inverse_degree);
        if (j != current) w *= sigma;
      }
      weight[j] = w;
      total += w;
    }
    if (total <= 0.0) continue;
    double target = stream.uniform() * total;
    std::size_t choice = 0;
    while (choice + 1 < M && (target -= weight[choice]) >= 0.0) ++choice;
    while (weight[choice] == 0.0 && choice > 0) --choice;
    developers.next_model[i] = static_cast<std::uint8_t>(choice);
  }
}

struct World {
  Developers developers;
  AdoptionOffer offer;
  AdoptionParams params;
};

// Two nations of n / 2 developers each; ties drawn at random, plus one hub tied to `hub_degree`
// others and one developer with no ties; about a fifth of the (row, model) weights banned, and
// the second nation's public sector with every model banned.
World random_world(std::uint32_t n, std::size_t models, std::uint32_t hub_degree,
                   std::uint64_t seed) {
  World w;
  RandomStream stream(ReplicaKey::make(seed, 0), Purpose::kTest, 0, 0);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ties;
  for (std::uint32_t i = 2; i < n; ++i) {
    for (int k = 0; k < 5; ++k) ties.emplace_back(i, 2 + stream.below(n - 2));
  }
  for (std::uint32_t k = 0; k < hub_degree; ++k) ties.emplace_back(0, 2 + stream.below(n - 2));
  w.developers.ties = DeveloperGraph(n, std::move(ties));  // developer 1 has no ties
  w.developers.first = {0, n / 2, n};
  w.developers.weight = {1.0, 1.0};
  for (std::uint32_t i = 0; i < n; ++i) {
    w.developers.nation.push_back(i < n / 2 ? 0 : 1);
    w.developers.sector.push_back(static_cast<std::uint8_t>(stream.below(2)));
    w.developers.model.push_back(
        static_cast<std::uint8_t>(stream.below(static_cast<std::uint32_t>(models))));
  }
  w.developers.next_model = w.developers.model;
  w.offer.models = models;
  w.offer.nations = 2;
  const std::size_t rows = kSectors * 2;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t j = 0; j < models; ++j) {
      const bool banned = r == 3 || stream.uniform() < 0.2;
      w.offer.weight.push_back(banned ? 0.0 : std::exp(stream.normal(0.0, 2.0)));
      w.offer.forced_leave.push_back(banned ? 0.5 : 0.0);
    }
  }
  w.offer.origin.assign(models, Origin::kUs);
  w.params.mu = 1.0;
  w.params.reconsider_rate = 0.7;
  return w;
}

void expect_same_choices(World& w, const char* what) {
  complete_offer(w.params, w.offer);
  Developers reference = w.developers;
  for (std::uint32_t t = 0; t < 6; ++t) {
    const ReplicaKey key = ReplicaKey::make(77, t);
    adopt(t, key, w.params, w.offer, w.developers, 0, w.developers.size());
    adopt_by_definition(t, key, w.params, w.offer, reference);
    ASSERT_EQ(w.developers.next_model, reference.next_model) << what << ", month " << t;
    commit_choices(w.developers);
    commit_choices(reference);
  }
}

TEST(AdoptionKernel, ChoosesAsTheFullScanForAnyNumberOfModels) {
  for (const std::size_t models : {1u, 2u, 5u, 13u, 40u, 64u}) {
    World w = random_world(3000, models, 100, 5 + models);
    w.params.network_j = 1.5;
    w.params.switching_cost = 1.0;
    expect_same_choices(w, "models");
  }
}

TEST(AdoptionKernel, ChoosesAsTheFullScanAtTheEdgesOfTheParameters) {
  const std::pair<double, double> cases[] = {
      {0.0, 0.0},    // no network, no switching cost: the offer alone
      {6.0, 0.5},    // a strong network term
      {1.5, 800.0},  // exp(-c/mu) underflows to 0: only the current model and tied ones remain
      {-1.0, 1.0},   // peers repel
      {30.0, 2.0}};  // exp(J/mu) near 1e13
  for (const auto& [j, c] : cases) {
    World w = random_world(4000, 13, 60, 91);
    w.params.network_j = j;
    w.params.switching_cost = c;
    expect_same_choices(w, "parameters");
  }
}

TEST(AdoptionKernel, ACompletedOfferIsRequired) {
  World w = random_world(100, 3, 0, 3);
  EXPECT_THROW(adopt(0, ReplicaKey::make(1, 0), w.params, w.offer, w.developers, 0, 100),
               std::logic_error);
  complete_offer(w.params, w.offer);
  w.params.network_j = 2.0;  // the tie table was built for another J/mu
  EXPECT_THROW(adopt(0, ReplicaKey::make(1, 0), w.params, w.offer, w.developers, 0, 100),
               std::logic_error);
}

}  // namespace
}  // namespace blocsim
