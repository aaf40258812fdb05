// The logit kernels (agents/src/logit_kernel_*.cpp) against the definition they implement
// (agents/src/logit_kernel.hpp): every model's weight w_j x exp(J/mu k_j/d) x (switching term),
// the prefix sums in the stated order, the first sum past the uniform's share of the total. Both
// kernels must choose as the definition does, bit for bit, in worlds chosen to reach the edges:
// banned models (the current one too), a nation with everything banned, degrees on both sides
// of 16 (4-bit tie counts below, 8-bit counts above) and of the tie table's 48, a hub of
// thousands of ties, no ties, 1 to 64 models, the network on the bloc, a switching
// cost so large that exp(-c/mu) underflows, and ranges that start and end inside a batch of 16.
// Against the sequential sum of docs/MODEL.md they may differ only where the uniform falls
// within rounding of a boundary between two models.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "blocsim/agents/adoption.hpp"
#include "blocsim/agents/logit_kernel.hpp"
#include "blocsim/core/random_stream.hpp"

namespace blocsim {
namespace {

constexpr std::size_t kSlots = 64;

struct Weights {
  std::array<double, kSlots> w{};
  double u = 0.0;      // the choice's uniform
  bool moves = false;  // reconsiders
};

// Developer i's weights and uniforms, by the definition.
Weights weights_of(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                   const AdoptionOffer& offer, const Developers& developers, std::uint32_t i) {
  const std::size_t M = offer.models;
  const std::size_t row = developers.sector[i] * offer.nations + developers.nation[i];
  const std::uint8_t current = developers.model[i];
  Weights out;
  RandomStream stream(key, Purpose::kAdoption, t, i);
  const double reconsider = std::max(params.reconsider_rate, offer.forced_leave[row * M + current]);
  if (stream.uniform() >= reconsider) return out;
  out.moves = true;
  out.u = stream.uniform();
  std::array<std::uint32_t, kSlots> on{};
  const auto ties = developers.ties.neighbours(i);
  for (const std::uint32_t v : ties) ++on[developers.model[v]];
  if (params.network_on == NetworkOn::kBloc) {
    std::array<std::uint32_t, kOrigins> by_origin{};
    for (std::size_t j = 0; j < M; ++j)
      by_origin[static_cast<std::size_t>(offer.origin[j])] += on[j];
    for (std::size_t j = 0; j < M; ++j)
      on[j] = by_origin[static_cast<std::size_t>(offer.origin[j])];
  }
  const double j_over_mu = params.network_j / params.mu;
  const double sigma = std::exp(-params.switching_cost / params.mu);
  const double inverse_degree = ties.empty() ? 0.0 : 1.0 / static_cast<double>(ties.size());
  for (std::size_t j = 0; j < M; ++j) {
    const double tie = on[j] == 0 ? 1.0 : std::exp(j_over_mu * on[j] * inverse_degree);
    out.w[j] = offer.weight[row * M + j] * tie * (j == current ? 1.0 : sigma);
  }
  return out;
}

// Inclusive prefix sums in the kernels' order, written out: within each block of 16, the lanes
// 0..7 and 8..15 each by Hillis-Steele (x_i + x_{i-1}, then + x_{i-2}, then + x_{i-4}), then the
// upper half plus the lower half's last, then the whole block plus the previous block's last.
std::array<double, kSlots> prefix_sums(const std::array<double, kSlots>& w, std::size_t M) {
  std::array<double, kSlots> p = w;
  for (std::size_t b = 0; b < M; b += 16) {
    for (std::size_t h = b; h < b + 16; h += 8) {
      for (const std::size_t s : {1u, 2u, 4u}) {
        const std::array<double, kSlots> before = p;
        for (std::size_t i = s; i < 8; ++i) p[h + i] = before[h + i] + before[h + i - s];
      }
    }
    for (std::size_t i = b + 8; i < b + 16; ++i) p[i] += p[b + 7];
    if (b > 0) {
      for (std::size_t i = b; i < b + 16; ++i) p[i] += p[b - 1];
    }
  }
  return p;
}

void adopt_by_definition(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                         const AdoptionOffer& offer, Developers& developers) {
  const std::size_t M = offer.models;
  for (std::uint32_t i = 0; i < developers.size(); ++i) {
    developers.next_model[i] = developers.model[i];
    const Weights x = weights_of(t, key, params, offer, developers, i);
    if (!x.moves) continue;
    const auto p = prefix_sums(x.w, M);
    if (!(p[M - 1] > 0.0)) continue;
    std::size_t choice = 0;
    while (choice + 1 < M && !(p[choice] > x.u * p[M - 1])) ++choice;
    while (x.w[choice] == 0.0 && choice > 0) --choice;
    developers.next_model[i] = static_cast<std::uint8_t>(choice);
  }
}

struct World {
  Developers developers;
  AdoptionOffer offer;
  AdoptionParams params;
};

// Two nations of n / 2 developers each; `ties_each` ties drawn at random per developer, plus one
// hub tied to `hub_degree` others and one developer with no ties; about a fifth of the
// (row, model) weights banned, and the second nation's public sector with every model banned.
World random_world(std::uint32_t n, std::size_t models, std::uint32_t hub_degree,
                   std::uint64_t seed, int ties_each = 5) {
  World w;
  RandomStream stream(ReplicaKey::make(seed, 0), Purpose::kTest, 0, 0);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ties;
  for (std::uint32_t i = 2; i < n; ++i) {
    for (int k = 0; k < ties_each; ++k) ties.emplace_back(i, 2 + stream.below(n - 2));
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
  for (std::size_t j = 0; j < models; ++j) {
    w.offer.origin.push_back(j % 3 == 0   ? Origin::kUs
                             : j % 3 == 1 ? Origin::kChina
                                          : Origin::kOther);
  }
  w.params.mu = 1.0;
  w.params.reconsider_rate = 0.7;
  return w;
}

// Each test below runs once per kernel. A kernel this CPU (or this build) cannot run reports a
// skip, so that a machine without AVX-512 shows the AVX-512 tests as skipped instead of passing
// tests it never ran; the kernel that ran is printed and recorded in the XML output.
class EachKernel : public ::testing::TestWithParam<LogitKernel> {
 protected:
  void SetUp() override {
    const std::string name(logit_kernel_name(kernel()));
    if (!logit_kernel_available(kernel(), 1)) {
      GTEST_SKIP() << "the " << name << " kernel cannot run on this CPU";
    }
    RecordProperty("kernel", name);
    std::cout << "[ kernel   ] " << name << '\n';
  }

  LogitKernel kernel() const { return GetParam(); }

  // Six months: this kernel (where it takes the offer's number of models) and adopt(), against
  // the definition.
  void expect_same_choices(World& w, const char* what) const {
    complete_offer(w.params, w.offer);
    Developers reference = w.developers;
    const bool runs = logit_kernel_available(kernel(), w.offer.models);
    for (std::uint32_t t = 0; t < 6; ++t) {
      const ReplicaKey key = ReplicaKey::make(77, t);
      adopt_by_definition(t, key, w.params, w.offer, reference);
      if (runs) {
        std::fill(w.developers.next_model.begin(), w.developers.next_model.end(), kNoModel);
        adopt_with(kernel(), t, key, w.params, w.offer, w.developers, 0, w.developers.size());
        ASSERT_EQ(w.developers.next_model, reference.next_model)
            << what << ", " << logit_kernel_name(kernel()) << ", month " << t;
      }
      adopt(t, key, w.params, w.offer, w.developers, 0, w.developers.size());
      ASSERT_EQ(w.developers.next_model, reference.next_model) << what << ", adopt(), month " << t;
      commit_choices(w.developers);
      commit_choices(reference);
    }
  }
};

INSTANTIATE_TEST_SUITE_P(AdoptionKernel, EachKernel,
                         ::testing::Values(LogitKernel::kPortable, LogitKernel::kAvx512),
                         [](const ::testing::TestParamInfo<LogitKernel>& param) {
                           return std::string(logit_kernel_name(param.param));
                         });

TEST_P(EachKernel, ChoosesAsTheDefinitionForAnyNumberOfModels) {
  for (const std::size_t models : {1u, 2u, 5u, 8u, 9u, 13u, 16u, 17u, 40u, 64u}) {
    World w = random_world(3000, models, 100, 5 + models);
    w.params.network_j = 1.5;
    w.params.switching_cost = 1.0;
    expect_same_choices(w, "models");
  }
}

TEST_P(EachKernel, ChoosesAsTheDefinitionAtTheEdgesOfTheParameters) {
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

TEST_P(EachKernel, ChoosesAsTheDefinitionAtEveryDegree) {
  // 3 to 30 random ties each: undirected, so degrees spread over about 0 to 60, across 16, 32,
  // 48 (the last the tie table holds) and beyond.
  for (const int ties_each : {3, 8, 12, 30}) {
    World w = random_world(2000, 12, 0, 300 + ties_each, ties_each);
    w.params.network_j = 2.0;
    w.params.switching_cost = 0.7;
    expect_same_choices(w, "degrees");
  }
}

TEST_P(EachKernel, ChoosesAsTheDefinitionWithTheNetworkOnTheBloc) {
  World w = random_world(3000, 13, 80, 17);
  w.params.network_j = 2.5;
  w.params.switching_cost = 1.0;
  w.params.network_on = NetworkOn::kBloc;
  expect_same_choices(w, "bloc");
}

// At the baseline's low reconsider rate a usage ban's forced leave raises the threshold of the
// users of a banned model above the rate (the AVX-512 kernel then reads each developer's
// threshold; without such a ban, it compares 16 uniforms with the rate at once).
TEST_P(EachKernel, ChoosesAsTheDefinitionWhenBansForceUsersOff) {
  for (const double leave : {0.0, 0.9}) {
    World w = random_world(3000, 13, 40, 29);
    w.params.network_j = 1.5;
    w.params.switching_cost = 1.0;
    w.params.reconsider_rate = 0.1;
    for (std::size_t k = 0; k < w.offer.weight.size(); ++k) {
      if (w.offer.weight[k] == 0.0) w.offer.forced_leave[k] = leave;
    }
    expect_same_choices(w, leave > 0.0 ? "forced leave" : "rate alone");
  }
}

TEST_P(EachKernel, AHubBeyondTheTieTableChoosesAsTheDefinition) {
  World w = random_world(6000, 13, 5000, 23);  // its tie term is evaluated, not read
  w.params.network_j = 1.5;
  w.params.switching_cost = 1.0;
  w.params.reconsider_rate = 1.0;
  expect_same_choices(w, "hub");
}

TEST_P(EachKernel, RangesInsideABatchChooseAsTheWhole) {
  World w = random_world(1000, 13, 30, 41);
  w.params.network_j = 1.5;
  w.params.switching_cost = 1.0;
  complete_offer(w.params, w.offer);
  const ReplicaKey key = ReplicaKey::make(5, 2);
  Developers whole = w.developers;
  adopt_with(kernel(), 3, key, w.params, w.offer, whole, 0, whole.size());
  Developers pieces = w.developers;
  const std::uint32_t cuts[] = {0, 1, 7, 16, 17, 40, 333, 999, 1000};
  for (std::size_t c = 0; c + 1 < std::size(cuts); ++c) {
    adopt_with(kernel(), 3, key, w.params, w.offer, pieces, cuts[c], cuts[c + 1]);
  }
  EXPECT_EQ(pieces.next_model, whole.next_model);
}

// The kernels' order of summation differs from the plain left-to-right sum of docs/MODEL.md only
// in rounding; a choice can differ only where u x total lies within a few units in the last
// place of a boundary between models.
TEST(AdoptionKernel, DiffersFromTheSequentialSumOnlyAtRoundingTies) {
  World w = random_world(20000, 13, 100, 8);
  w.params.network_j = 1.5;
  w.params.switching_cost = 1.0;
  complete_offer(w.params, w.offer);
  std::size_t compared = 0;
  for (std::uint32_t t = 0; t < 6; ++t) {
    const ReplicaKey key = ReplicaKey::make(9, t);
    adopt(t, key, w.params, w.offer, w.developers, 0, w.developers.size());
    for (std::uint32_t i = 0; i < w.developers.size(); ++i) {
      const Weights x = weights_of(t, key, w.params, w.offer, w.developers, i);
      if (!x.moves) continue;
      double total = 0.0;
      for (std::size_t j = 0; j < 13; ++j) total += x.w[j];
      if (!(total > 0.0)) continue;
      ++compared;
      double target = x.u * total;
      std::size_t choice = 0;
      double nearest = INFINITY;  // to the nearest boundary, relative to the total
      while (choice + 1 < 13) {
        target -= x.w[choice];
        nearest = std::min(nearest, std::abs(target) / total);
        if (target < 0.0) break;
        ++choice;
      }
      while (x.w[choice] == 0.0 && choice > 0) --choice;
      if (w.developers.next_model[i] != choice) {
        EXPECT_LT(nearest, 1e-13) << "developer " << i << ", month " << t;
      }
    }
    commit_choices(w.developers);
  }
  EXPECT_GT(compared, 50000u);
}

// The order of summation is part of the definition: a world built so that the prefix sums in the
// kernels' order and the left-to-right sums choose differently. One developer with no ties and
// no switching cost, offered [x, 1, e, e, ...] with e far below the rounding of 1 + x: summed left
// to right the e's vanish, summed in blocks they do not, so the totals differ by an ulp or two.
// Model 0 is chosen when x > u x total; x is searched for where one total chooses 0 and the other
// does not. Every kernel must side with the stated order.
TEST_P(EachKernel, TheOrderOfSummationIsTheStatedOne) {
  constexpr std::size_t M = 12;
  const ReplicaKey key = ReplicaKey::make(3, 0);
  RandomStream stream(key, Purpose::kAdoption, 0, 0);
  stream.uniform();
  const double u = stream.uniform();
  World w;
  w.developers.ties = DeveloperGraph(1, {});
  w.developers.first = {0, 1};
  w.developers.weight = {1.0};
  w.developers.nation = {0};
  w.developers.sector = {0};
  w.developers.model = {5};
  w.developers.next_model = {5};
  w.offer.models = M;
  w.offer.nations = 1;
  w.offer.origin.assign(M, Origin::kUs);
  w.offer.forced_leave.assign(kSectors * M, 0.0);
  w.params.mu = 1.0;
  w.params.reconsider_rate = 1.0;
  complete_offer(w.params, w.offer);

  double x = u / (1.0 - u) * (1.0 - 2e-13);  // then up, an ulp at a time, past u / (1 - u)
  bool found = false;
  std::size_t stated = 0;
  for (int step = 0; step < 4000 && !found; ++step) {
    std::array<double, kSlots> weights{};
    weights[0] = x;
    weights[1] = 1.0;
    for (std::size_t j = 2; j < M; ++j) weights[j] = 0x1.0p-54 * (1.0 + x);
    const auto p = prefix_sums(weights, M);
    double sequential = 0.0;
    for (std::size_t j = 0; j < M; ++j) sequential += weights[j];
    const bool by_blocks = x > u * p[M - 1];
    const bool left_to_right = x > u * sequential;
    if (by_blocks != left_to_right) {
      found = true;
      stated = by_blocks ? 0 : 1;
      w.offer.weight.assign(weights.begin(), weights.begin() + M);
      w.offer.weight.insert(w.offer.weight.end(), weights.begin(), weights.begin() + M);
    }
    x = std::nextafter(x, INFINITY);
  }
  ASSERT_TRUE(found) << "no x separates the two orders near " << u / (1.0 - u);
  adopt_with(kernel(), 0, key, w.params, w.offer, w.developers, 0, 1);
  EXPECT_EQ(w.developers.next_model[0], stated);
}

TEST(AdoptionKernel, TheAvx512KernelTakesUpTo16Models) {
  // The kernel a run uses on this machine, for whoever reads the XML output.
  RecordProperty("adopt_kernel", std::string(logit_kernel_name(logit_kernel_for(13))));
  EXPECT_TRUE(logit_kernel_available(LogitKernel::kPortable, 64));
  EXPECT_FALSE(logit_kernel_available(LogitKernel::kAvx512, 17));
  EXPECT_FALSE(logit_kernel_available(LogitKernel::kAvx512, 0));
  EXPECT_EQ(logit_kernel_for(17), LogitKernel::kPortable);
  EXPECT_EQ(logit_kernel_for(13), logit_kernel_available(LogitKernel::kAvx512, 13)
                                      ? LogitKernel::kAvx512
                                      : LogitKernel::kPortable);
  World w = random_world(100, 20, 0, 3);
  complete_offer(w.params, w.offer);
  EXPECT_THROW(adopt_with(LogitKernel::kAvx512, 0, ReplicaKey::make(1, 0), w.params, w.offer,
                          w.developers, 0, 100),
               std::logic_error);
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
