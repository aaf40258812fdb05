#include "blocsim/agents/lab_pricing.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "support/small_world.hpp"

namespace blocsim {
namespace {

using test_support::serving_params;

// One nation at the reference income (price sensitivity = beta_log_price), with no lean, and labs
// that differ only in what a test sets.
Nations one_nation() {
  Nations n;
  n.id = {"N"};
  n.gdp_per_capita = {85000.0};
  n.developers = {1e6};
  n.lean0 = {0.0};
  n.lean = {0.0};
  n.stock = {1000.0};
  return n;
}

Labs labs_at_cost(std::vector<std::uint8_t> open, std::vector<double> cost) {
  Labs labs;
  for (std::size_t j = 0; j < open.size(); ++j) {
    labs.id.push_back("lab" + std::to_string(j));
    labs.home.push_back(0);
    labs.origin.push_back(Origin::kOther);
    labs.open.push_back(open[j]);
    labs.compute_share.push_back(0.1);
    labs.efficiency.push_back(1.0);
    labs.quality.push_back(80.0);
    labs.cost.push_back(cost[j]);
    labs.price.push_back(0.0);
    labs.release_rate.push_back(0.0);
  }
  return labs;
}

AdoptionParams demand(double beta_log_price) {
  AdoptionParams a = test_support::logit_params();
  a.beta_log_price = beta_log_price;
  return a;
}

TEST(LabPricing, OpenWeightsSellAtServingCost) {
  Labs labs = labs_at_cost({1, 1}, {0.3, 0.7});
  PricingScratch scratch;
  EXPECT_EQ(set_prices(demand(1.5), one_nation(), {0, 0}, serving_params(), labs, scratch), 0);
  EXPECT_EQ(labs.price[0], 0.3);
  EXPECT_EQ(labs.price[1], 0.7);
}

TEST(LabPricing, TwoEqualClosedLabsPriceAtTheBertrandNashPrice) {
  // Two identical closed labs share one market equally, s = 1/2, so
  // eta = b (1 - s) / mu = 2 for b = 4, and p = (eta c + p0) / (eta - 1) = 2 c + p0.
  Labs labs = labs_at_cost({0, 0}, {0.5, 0.5});
  PricingScratch scratch;
  const AdoptionParams a = demand(4.0);
  const int rounds = set_prices(a, one_nation(), {0, 0}, serving_params(), labs, scratch);
  EXPECT_LT(rounds, kPricingIterations);
  EXPECT_NEAR(labs.price[0], 2.0 * 0.5 + a.price_floor, 1e-5);  // converged to 1e-6 of itself
  EXPECT_NEAR(labs.price[1], labs.price[0], 1e-12);
}

TEST(LabPricing, EveryClosedPriceMeetsItsFirstOrderCondition) {
  // Three closed labs with different costs against an open one, two nations of different
  // incomes: at the prices found, each closed lab's price satisfies p = (eta c + p0) / (eta - 1)
  // with eta from the demand at those prices.
  Nations nations = one_nation();
  nations.id.push_back("poor");
  nations.gdp_per_capita.push_back(5000.0);
  nations.developers.push_back(3e6);
  nations.lean0.push_back(0.0);
  nations.lean.push_back(0.0);
  nations.stock.push_back(10.0);
  Labs labs = labs_at_cost({0, 0, 0, 1}, {0.2, 0.5, 1.0, 0.1});
  labs.quality = {85.0, 82.0, 80.0, 78.0};
  const AdoptionParams a = demand(2.5);
  PricingScratch scratch;
  const std::vector<std::uint8_t> none(2 * labs.size(), 0);
  ASSERT_LT(set_prices(a, nations, none, serving_params(), labs, scratch), kPricingIterations);
  for (std::size_t j = 0; j < 3; ++j) {
    double sold = 0.0, elastic = 0.0;
    for (std::size_t n = 0; n < 2; ++n) {
      const double b = price_sensitivity(a, nations.gdp_per_capita[n]) / a.mu;
      double total = 0.0;
      std::vector<double> w(labs.size());
      for (std::size_t k = 0; k < labs.size(); ++k) {
        w[k] =
            std::exp(a.beta_quality * labs.quality[k] / a.mu + a.beta_open * labs.open[k] / a.mu -
                     b * std::log(labs.price[k] + a.price_floor));
        total += w[k];
      }
      const double s = w[j] / total;
      sold += nations.developers[n] * s;
      elastic += nations.developers[n] * s * (1.0 - s) * b;
    }
    const double eta = elastic / sold;
    ASSERT_GT(eta, 1.0) << j;
    EXPECT_NEAR(labs.price[j], (eta * labs.cost[j] + a.price_floor) / (eta - 1.0),
                1e-5 * labs.price[j])
        << j;
    EXPECT_GT(labs.price[j], labs.cost[j]);
  }
}

TEST(LabPricing, InelasticDemandMeetsTheMarkupCap) {
  // b = 0.25: eta < 1, no finite best response; the price is the cap.
  Labs labs = labs_at_cost({0, 1}, {0.5, 0.5});
  PricingScratch scratch;
  const ServingParams p = serving_params();
  set_prices(demand(0.25), one_nation(), {0, 0}, p, labs, scratch);
  EXPECT_NEAR(labs.price[0], p.max_markup * 0.5, 1e-7);
}

TEST(LabPricing, ABannedModelHasNoDemandThereAndPricesForTheRest) {
  // Lab 0 is barred in the only nation: it sells nothing, so its price is the cap (no demand
  // to lose); lab 1 prices as a monopolist against the open model.
  Labs labs = labs_at_cost({0, 0, 1}, {0.5, 0.5, 0.5});
  PricingScratch scratch;
  const std::vector<std::uint8_t> banned = {1, 0, 0, 1, 0, 0};
  set_prices(demand(4.0), one_nation(), banned, serving_params(), labs, scratch);
  EXPECT_NEAR(labs.price[0], serving_params().max_markup * 0.5, 1e-7);
  EXPECT_LT(labs.price[1], labs.price[0]);
}

TEST(LabPricing, AFreeToServeClosedLabPricesAtZeroAndTheOthersStillConverge) {
  // Cost 0 (no fleet, no energy price): the cap is 0 too; the other closed lab still converges.
  Labs labs = labs_at_cost({0, 0}, {0.0, 0.5});
  PricingScratch scratch;
  EXPECT_LT(set_prices(demand(4.0), one_nation(), {0, 0}, serving_params(), labs, scratch),
            kPricingIterations);
  EXPECT_EQ(labs.price[0], 0.0);
  EXPECT_GT(labs.price[1], 0.5);
}

TEST(ServingCost, ChipsBoughtDearerMakeServingDearer) {
  // Two nations start with the same fleet and buy the same chips; one pays a tariff on them.
  Chips chips;
  chips.id = {"gpu"};
  chips.perf_inference = {1.0};
  chips.price = {20000.0};
  chips.capacity = {100.0};
  Nations nations = one_nation();
  nations.stock = {100.0, 100.0};
  nations.id = {"free", "tariffed"};
  ServingFleet fleet;
  start_fleet(chips, nations, fleet);
  EXPECT_DOUBLE_EQ(fleet.value[0], 100.0 * 20000.0);
  MarketLedger ledger;
  ledger.delivered = {50.0, 50.0};
  ledger.spent = {50.0 * 20000.0, 50.0 * 20000.0 * 1.25};
  update_fleet(chips, ledger, 0.98, fleet);
  const ServingParams p = serving_params();
  EXPECT_GT(hourly_cost(p, fleet, 1), hourly_cost(p, fleet, 0));
  // The hourly cost: the average price per unit over the chips' life in hours, plus energy.
  const double unit = (0.98 * 100.0 * 20000.0 + 50.0 * 20000.0) / (0.98 * 100.0 + 50.0);
  EXPECT_NEAR(hourly_cost(p, fleet, 0),
              unit / (p.chip_life_months * 730.0) + p.energy_usd_per_h100e_hour, 1e-12);
  // A lab's cost per million tokens: the hourly cost over the tokens an hour serves, which grow
  // as efficiency^pi; the cost factor of price events multiplies it.
  Labs labs = labs_at_cost({1, 1}, {0.0, 0.0});
  labs.home = {0, 1};
  labs.efficiency = {4.0, 4.0};
  set_serving_costs(p, fleet, {1.0, 0.5}, labs);
  EXPECT_NEAR(labs.cost[0],
              hourly_cost(p, fleet, 0) / (p.mtokens_per_h100e_hour * std::pow(4.0, 0.5)), 1e-12);
  EXPECT_NEAR(labs.cost[1],
              0.5 * hourly_cost(p, fleet, 1) / (p.mtokens_per_h100e_hour * std::pow(4.0, 0.5)),
              1e-12);
}

}  // namespace
}  // namespace blocsim
