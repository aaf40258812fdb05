#include "blocsim/agents/adoption.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "support/small_world.hpp"

namespace blocsim {
namespace {

using Ties = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// A model on offer, as the adoption kernel sees it.
struct Model {
  double quality;
  double price;
  bool open;
  Origin origin;
};

Labs make_labs(const std::vector<Model>& models) {
  std::vector<test_support::LabRow> rows;
  for (std::size_t j = 0; j < models.size(); ++j) {
    rows.push_back({"lab" + std::to_string(j), 0, models[j].origin, models[j].open, 0.1, 1.0,
                    models[j].quality, models[j].price, 0.0});
  }
  return test_support::make_labs(rows);
}

// Nations by (GDP per capita, lean).
Nations make_nations(const std::vector<std::pair<double, double>>& income_and_lean) {
  std::vector<test_support::NationRow> rows;
  for (std::size_t n = 0; n < income_and_lean.size(); ++n) {
    rows.push_back({.id = "N" + std::to_string(n),
                    .gdp_per_capita = income_and_lean[n].first,
                    .lean = income_and_lean[n].second});
  }
  return test_support::make_nations(rows);
}

// Ring ties (each agent to its k / 2 nearest on each side) inside each nation's block.
Ties ring_ties(const std::vector<std::uint32_t>& counts, std::uint32_t k) {
  Ties ties;
  std::uint32_t first = 0;
  for (const std::uint32_t n : counts) {
    for (std::uint32_t i = 0; i < n; ++i) {
      for (std::uint32_t d = 1; d <= k / 2 && d < n; ++d)
        ties.emplace_back(first + i, first + (i + d) % n);
    }
    first += n;
  }
  return ties;
}

// Bans and forced leaving are laid out [(sector * nations + n) * models + j].
std::size_t row_at(std::size_t sector, std::size_t n, std::size_t j, std::size_t nations,
                   std::size_t models) {
  return (sector * nations + n) * models + j;
}
std::vector<std::uint8_t> no_bans(std::size_t nations, std::size_t models) {
  return std::vector<std::uint8_t>(kSectors * nations * models, 0);
}

// The baseline's logit rule without the network and switching terms, noisier (mu 1.5).
AdoptionParams logit_params() {
  AdoptionParams p = test_support::logit_params();
  p.network_j = 0.0;
  p.switching_cost = 0.0;
  p.mu = 1.5;
  return p;
}

// V_nj written out from the formula in adoption.hpp.
double utility_by_hand(const AdoptionParams& p, double income, double lean, const Model& m) {
  const double sensitivity =
      p.beta_log_price * std::pow(p.gdp_per_capita_ref / income, p.price_income_elasticity);
  const double sign = m.origin == Origin::kUs ? 1.0 : m.origin == Origin::kChina ? -1.0 : 0.0;
  return p.beta_quality * m.quality - sensitivity * std::log(m.price + p.price_floor) +
         p.beta_open * (m.open ? 1.0 : 0.0) + p.home_bloc * lean * sign;
}

// Five standard errors of a share estimated from n independent choices: a correct kernel fails a
// single check with probability below 6e-7.
double five_sigma(double p, double n) {
  return 5.0 * std::sqrt(p * (1.0 - p) / n);
}

struct Step {
  std::uint32_t t;
  ReplicaKey key;
};

void run_month(const Step& step, const AdoptionParams& params, const AdoptionOffer& offer,
               Developers& developers) {
  adopt(step.t, step.key, params, offer, developers, 0, developers.size());
  commit_choices(developers);
}

TEST(Adoption, OriginSign) {
  EXPECT_EQ(origin_sign(Origin::kUs), 1.0);
  EXPECT_EQ(origin_sign(Origin::kChina), -1.0);
  EXPECT_EQ(origin_sign(Origin::kOther), 0.0);
}

TEST(Adoption, SharesMatchTheClosedFormLogitWithoutNetworkOrSwitchingCost) {
  const std::vector<Model> models = {{80.0, 6.0, false, Origin::kUs},
                                     {72.0, 0.3, true, Origin::kChina},
                                     {70.0, 3.0, true, Origin::kOther}};
  const std::vector<std::pair<double, double>> income_and_lean = {{85000.0, 0.8}, {5000.0, -0.6}};
  const AdoptionParams params = logit_params();
  const Labs labs = make_labs(models);
  const Nations nations = make_nations(income_and_lean);
  constexpr std::uint32_t kPerNation = 20000;
  const std::vector<std::uint32_t> counts = {kPerNation, kPerNation};
  Developers developers = test_support::developers_by_nation(counts, ring_ties(counts, 4));
  const std::size_t M = models.size();

  AdoptionOffer offer;
  price_the_offer(params, nations, labs, no_bans(2, M), offer);
  std::vector<double> expected(2 * M);
  for (std::size_t n = 0; n < 2; ++n) {
    double z = 0.0;
    for (std::size_t j = 0; j < M; ++j) {
      expected[n * M + j] = std::exp(
          utility_by_hand(params, income_and_lean[n].first, income_and_lean[n].second, models[j]) /
          params.mu);
      z += expected[n * M + j];
    }
    for (std::size_t j = 0; j < M; ++j) {
      // The kernel's weights are exp(V / mu) up to a factor per nation.
      EXPECT_NEAR(offer.weight[n * M + j] / offer.weight[n * M],
                  expected[n * M + j] / expected[n * M],
                  1e-12 * expected[n * M + j] / expected[n * M]);
    }
    for (std::size_t j = 0; j < M; ++j) expected[n * M + j] /= z;
  }
  // The poorer, China-leaning nation favours the cheap Chinese model; the other the US one.
  EXPECT_GT(expected[1 * M + 1], expected[0 * M + 1]);

  const ReplicaKey key = ReplicaKey::make(7, 0);
  std::vector<double> share;
  for (std::uint32_t t = 0; t < 6; ++t) {
    run_month({t, key}, params, offer, developers);
    tally_adoption(developers, 2, M, share);
    for (std::size_t i = 0; i < 2 * M; ++i) {
      EXPECT_NEAR(share[i], expected[i], five_sigma(expected[i], kPerNation))
          << "month " << t << ", nation " << i / M << ", model " << i % M;
    }
  }
}

TEST(Adoption, CheaperModelOfEqualQualityGainsShare) {
  const std::vector<Model> models = {{75.0, 10.0, false, Origin::kOther},
                                     {75.0, 1.0, false, Origin::kOther}};
  AdoptionParams params = logit_params();
  params.beta_log_price = 1.0;
  params.mu = 1.0;
  params.reconsider_rate = 0.2;
  const Labs labs = make_labs(models);
  const Nations nations = make_nations({{85000.0, 0.0}});
  constexpr std::uint32_t kAgents = 20000;
  Developers developers =
      test_support::developers_by_nation({kAgents}, ring_ties({kAgents}, 4));  // all on model 0
  AdoptionOffer offer;
  price_the_offer(params, nations, labs, no_bans(1, 2), offer);
  EXPECT_GT(offer.weight[1], offer.weight[0]);

  const ReplicaKey key = ReplicaKey::make(11, 0);
  std::vector<double> share;
  for (std::uint32_t t = 0; t < 30; ++t) run_month({t, key}, params, offer, developers);
  tally_adoption(developers, 1, 2, share);
  // Logit share of the cheap model: 1 / (1 + (2 / 11)) = 0.846; after 30 months at 0.2 a month,
  // all but 0.8^30 = 0.1% have reconsidered, so its share is about 0.845 (standard error 0.003).
  const double p = 1.0 / (1.0 + 2.0 / 11.0);
  const double reconsidered = 1.0 - std::pow(0.8, 30);
  EXPECT_NEAR(share[1], p * reconsidered, five_sigma(p, kAgents) + 0.002);
  EXPECT_GT(share[1], 0.5);
}

TEST(Adoption, PeersOnAModelRaiseItsChoiceProbability) {
  // Agents [0, N) use model A and [N, 2N) model B ("anchors"). Agents [2N, 3N) are tied only to
  // A-anchors, [3N, 4N) only to B-anchors, [4N, 5N) to nobody. Both models have the same V, so
  // with J = 1.5, mu = 1 and no switching cost:
  //   P(A | all ties on A) = e^1.5 / (e^1.5 + 1) = 0.818,  P(A | no ties) = 1/2,
  //   P(A | all ties on B) = 1 / (1 + e^1.5)     = 0.182.
  constexpr std::uint32_t N = 10000;
  Ties ties;
  for (std::uint32_t i = 0; i < N; ++i) {
    ties.emplace_back(2 * N + i, i);
    ties.emplace_back(2 * N + i, (i + 1) % N);
    ties.emplace_back(3 * N + i, N + i);
    ties.emplace_back(3 * N + i, N + (i + 1) % N);
  }
  Developers developers = test_support::developers_by_nation({5 * N}, std::move(ties));
  for (std::uint32_t i = N; i < 2 * N; ++i) developers.model[i] = 1;
  for (std::uint32_t i = 2 * N; i < 5 * N; ++i)
    developers.model[i] = static_cast<std::uint8_t>(i % 2);

  AdoptionParams params = logit_params();
  params.network_j = 1.5;
  params.mu = 1.0;
  const Labs labs =
      make_labs({{75.0, 2.0, true, Origin::kOther}, {75.0, 2.0, true, Origin::kOther}});
  AdoptionOffer offer;
  price_the_offer(params, make_nations({{85000.0, 0.0}}), labs, no_bans(1, 2), offer);
  adopt(0, ReplicaKey::make(3, 1), params, offer, developers, 0, developers.size());

  auto share_on_a = [&](std::uint32_t from) {
    double on_a = 0.0;
    for (std::uint32_t i = from; i < from + N; ++i)
      on_a += developers.next_model[i] == 0 ? 1.0 : 0.0;
    return on_a / N;
  };
  const double e = std::exp(1.5);
  const double p_a_peers = e / (e + 1.0);
  const double p_b_peers = 1.0 / (1.0 + e);
  EXPECT_NEAR(share_on_a(2 * N), p_a_peers, five_sigma(p_a_peers, N));
  EXPECT_NEAR(share_on_a(3 * N), p_b_peers, five_sigma(p_b_peers, N));
  EXPECT_NEAR(share_on_a(4 * N), 0.5, five_sigma(0.5, N));
  EXPECT_GT(share_on_a(2 * N), share_on_a(4 * N));
  EXPECT_GT(share_on_a(4 * N), share_on_a(3 * N));
}

TEST(Adoption, SwitchingCostKeepsDevelopersOnTheirModel) {
  // Two models with the same V, no ties, switching cost c = 1, mu = 1:
  //   P(stay) = 1 / (1 + e^-1) = 0.731.
  constexpr std::uint32_t kAgents = 20000;
  Developers developers = test_support::developers_by_nation({kAgents}, {});
  AdoptionParams params = logit_params();
  params.switching_cost = 1.0;
  params.mu = 1.0;
  const Labs labs =
      make_labs({{75.0, 2.0, true, Origin::kOther}, {75.0, 2.0, true, Origin::kOther}});
  AdoptionOffer offer;
  price_the_offer(params, make_nations({{85000.0, 0.0}}), labs, no_bans(1, 2), offer);
  run_month({0, ReplicaKey::make(5, 0)}, params, offer, developers);
  std::vector<double> share;
  tally_adoption(developers, 1, 2, share);
  const double p_stay = 1.0 / (1.0 + std::exp(-1.0));
  EXPECT_NEAR(share[0], p_stay, five_sigma(p_stay, kAgents));
}

TEST(Adoption, BannedModelLosesItsUsersInTheBanningNation) {
  constexpr std::uint32_t kPerNation = 5000;
  const std::vector<std::uint32_t> counts = {kPerNation, kPerNation};
  Developers developers =
      test_support::developers_by_nation(counts, ring_ties(counts, 4));  // all on model 0
  AdoptionParams params = logit_params();
  params.reconsider_rate = 0.1;
  params.network_j = 1.5;
  params.switching_cost = 1.0;
  const Labs labs = make_labs({{80.0, 2.0, false, Origin::kUs}, {75.0, 1.0, true, Origin::kChina}});
  const Nations nations = make_nations({{85000.0, 0.0}, {85000.0, 0.0}});
  // Nation 0 bars model 0 in both sectors; its users must all reconsider.
  std::vector<std::uint8_t> banned = no_bans(2, 2);
  for (std::size_t sector = 0; sector < kSectors; ++sector) banned[row_at(sector, 0, 0, 2, 2)] = 1;
  AdoptionOffer offer;
  price_the_offer(params, nations, labs, banned, offer);
  offer.forced_leave.assign(banned.size(), 0.0);
  for (std::size_t sector = 0; sector < kSectors; ++sector) {
    offer.forced_leave[row_at(sector, 0, 0, 2, 2)] = 1.0;
  }
  EXPECT_EQ(offer.weight[row_at(0, 0, 0, 2, 2)], 0.0);
  EXPECT_EQ(offer.weight[row_at(1, 0, 0, 2, 2)], 0.0);
  EXPECT_GT(offer.weight[row_at(0, 1, 0, 2, 2)], 0.0);

  run_month({0, ReplicaKey::make(9, 0)}, params, offer, developers);
  std::vector<double> share;
  tally_adoption(developers, 2, 2, share);
  EXPECT_EQ(share[0 * 2 + 0], 0.0);
  EXPECT_EQ(share[0 * 2 + 1], 1.0);
  // Nation 1 is unaffected: only the 10% who reconsider can leave model 0.
  EXPECT_GT(share[1 * 2 + 0], 0.9 - five_sigma(0.1, kPerNation));
  // A banned model is never chosen again in that nation.
  for (std::uint32_t t = 1; t < 5; ++t)
    run_month({t, ReplicaKey::make(9, 0)}, params, offer, developers);
  tally_adoption(developers, 2, 2, share);
  EXPECT_EQ(share[0], 0.0);
}

TEST(Adoption, NothingMovesWhenEveryModelIsBanned) {
  Developers developers = test_support::developers_by_nation({100}, ring_ties({100}, 2));
  for (std::uint32_t i = 0; i < 100; ++i) developers.model[i] = static_cast<std::uint8_t>(i % 2);
  const std::vector<std::uint8_t> before = developers.model;
  const AdoptionParams params = logit_params();
  AdoptionOffer offer;
  price_the_offer(params, make_nations({{85000.0, 0.0}}),
                  make_labs({{75.0, 2.0, true, Origin::kOther}, {70.0, 1.0, true, Origin::kOther}}),
                  std::vector<std::uint8_t>(kSectors * 2, 1), offer);
  offer.forced_leave.assign(kSectors * 2, 1.0);
  run_month({0, ReplicaKey::make(1, 0)}, params, offer, developers);
  EXPECT_EQ(developers.model, before);
}

TEST(Adoption, PublicSectorBanLeavesThePrivateSectorFree) {
  // One nation: agents [0, 2000) are public sector, [2000, 6000) private. Only the public
  // sector is barred from model 0.
  constexpr std::uint32_t kAgents = 6000;
  constexpr std::uint32_t kPublic = 2000;
  Developers developers = test_support::developers_by_nation({kAgents}, ring_ties({kAgents}, 4));
  std::fill_n(developers.sector.begin(), kPublic, std::uint8_t{1});
  AdoptionParams params = logit_params();
  params.reconsider_rate = 0.1;
  params.switching_cost = 1.0;
  const Labs labs = make_labs({{80.0, 2.0, false, Origin::kUs}, {75.0, 1.0, true, Origin::kChina}});
  std::vector<std::uint8_t> banned = no_bans(1, 2);
  banned[row_at(1, 0, 0, 1, 2)] = 1;
  AdoptionOffer offer;
  price_the_offer(params, make_nations({{85000.0, 0.0}}), labs, banned, offer);
  EXPECT_EQ(offer.weight[row_at(1, 0, 0, 1, 2)], 0.0);
  EXPECT_GT(offer.weight[row_at(0, 0, 0, 1, 2)], 0.0);
  // Apart from the ban, the public and private rows are the same offer.
  EXPECT_EQ(offer.weight[row_at(1, 0, 1, 1, 2)], offer.weight[row_at(0, 0, 1, 1, 2)]);
  offer.forced_leave.assign(banned.size(), 0.0);
  offer.forced_leave[row_at(1, 0, 0, 1, 2)] = 1.0;
  run_month({0, ReplicaKey::make(4, 0)}, params, offer, developers);
  std::uint32_t public_on_0 = 0;
  std::uint32_t private_on_0 = 0;
  for (std::uint32_t i = 0; i < kAgents; ++i) {
    if (developers.model[i] != 0) continue;
    (i < kPublic ? public_on_0 : private_on_0) += 1;
  }
  EXPECT_EQ(public_on_0, 0u);
  // Private developers leave model 0 only if they reconsider (10%) and pick model 1.
  EXPECT_GT(private_on_0, static_cast<std::uint32_t>(0.85 * (kAgents - kPublic)));
}

class AdoptionDeterminism : public ::testing::Test {
 protected:
  static constexpr std::uint32_t kAgents = 5000;
  void SetUp() override {
    developers_ = test_support::developers_by_nation({3000, 2000}, ring_ties({3000, 2000}, 6));
    RandomStream stream(ReplicaKey::make(2, 0), Purpose::kTest, 0, 0);
    for (auto& m : developers_.model) m = static_cast<std::uint8_t>(stream.below(3));
    params_ = logit_params();
    params_.network_j = 1.5;
    params_.switching_cost = 1.0;
    params_.reconsider_rate = 0.5;
    price_the_offer(params_, make_nations({{85000.0, 0.5}, {6000.0, -0.5}}),
                    make_labs({{80.0, 6.0, false, Origin::kUs},
                               {74.0, 0.3, true, Origin::kChina},
                               {70.0, 3.0, true, Origin::kOther}}),
                    no_bans(2, 3), offer_);
  }
  std::vector<std::uint8_t> choose(
      std::uint32_t t, ReplicaKey key,
      const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ranges) {
    std::fill(developers_.next_model.begin(), developers_.next_model.end(), 255);
    for (const auto& [begin, end] : ranges) adopt(t, key, params_, offer_, developers_, begin, end);
    return developers_.next_model;
  }

  Developers developers_;
  AdoptionParams params_;
  AdoptionOffer offer_;
};

TEST_F(AdoptionDeterminism, SameKeyAndStepGiveTheSameChoices) {
  const ReplicaKey key = ReplicaKey::make(42, 3);
  const auto a = choose(4, key, {{0, kAgents}});
  const auto b = choose(4, key, {{0, kAgents}});
  EXPECT_EQ(a, b);
  EXPECT_EQ(std::count(a.begin(), a.end(), 255), 0);
  // Another month or another replica draws other numbers.
  EXPECT_NE(choose(5, key, {{0, kAgents}}), a);
  EXPECT_NE(choose(4, ReplicaKey::make(42, 4), {{0, kAgents}}), a);
}

TEST_F(AdoptionDeterminism, SplittingTheRangeDoesNotChangeChoices) {
  const ReplicaKey key = ReplicaKey::make(42, 3);
  const auto whole = choose(4, key, {{0, kAgents}});
  EXPECT_EQ(choose(4, key, {{0, 1234}, {1234, kAgents}}), whole);
  EXPECT_EQ(choose(4, key, {{2999, kAgents}, {0, 2999}}), whole);  // out of order, across nations
  EXPECT_EQ(choose(4, key, {{0, 1}, {1, 2}, {2, 4000}, {4000, kAgents}}), whole);
}

TEST(Adoption, TallyRowsSumToOne) {
  Developers developers = test_support::developers_by_nation({7, 0, 5}, {});
  for (std::uint32_t i = 0; i < developers.size(); ++i) {
    developers.model[i] = static_cast<std::uint8_t>(i % 3);
  }
  std::vector<double> share;
  tally_adoption(developers, 3, 3, share);
  EXPECT_NEAR(share[0] + share[1] + share[2], 1.0, 1e-15);
  EXPECT_NEAR(share[0], 3.0 / 7.0, 1e-15);
  EXPECT_EQ(share[3] + share[4] + share[5], 0.0);  // a nation without agents
  EXPECT_NEAR(share[6] + share[7] + share[8], 1.0, 1e-15);
}

}  // namespace
}  // namespace blocsim
