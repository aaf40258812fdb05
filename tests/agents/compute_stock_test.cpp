#include "blocsim/agents/compute_stock.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <vector>

namespace blocsim {
namespace {

// Two nations and one chip (perf_train 2). Nothing is delivered unless a test says so.
struct MiniStock {
  Chips chips;
  Nations nations;
  MarketLedger ledger;
  ComputeParams params{36.0, 1000.0, 0.0};
  std::vector<double> usable;

  MiniStock() {
    chips.id = {"chip"};
    chips.perf_train = {2.0};
    nations.id = {"AAA", "BBB"};
    nations.energy_gw = {1.0, 100.0};
    nations.energy_growth = {0.0, 0.0};
    nations.chip_budget = {1e6, 1e6};
    nations.budget_growth = {0.0, 0.0};
    nations.stock = {1e6, 1e3};
    ledger.delivered.assign(2, 0.0);
  }
  std::vector<double> energy_growth_change = {0.0, 0.0};
  void step(std::size_t t) {
    update_compute(t, chips, ledger, params, energy_growth_change, nations, usable);
  }
};

TEST(ComputeStock, SurvivalCompoundsToOneHalfOverTheHalfLife) {
  for (const double half_life : {12.0, 36.0, 60.0}) {
    // 2^(-1/h) raised to h: rounding of one factor, amplified h times, stays below 1e-13.
    EXPECT_NEAR(std::pow(survival_per_month(half_life), half_life), 0.5, 1e-12);
    EXPECT_LT(survival_per_month(half_life), 1.0);
  }
}

TEST(ComputeStock, StockHalvesOverItsHalfLife) {
  MiniStock s;
  s.params.half_life_months = 36.0;
  const double start = s.nations.stock[1];
  for (std::size_t t = 0; t < 36; ++t) s.step(t);
  // 36 multiplications by the survival factor: relative rounding below 36 ulps.
  EXPECT_NEAR(s.nations.stock[1] / start, 0.5, 1e-12);
  for (std::size_t t = 36; t < 72; ++t) s.step(t);
  EXPECT_NEAR(s.nations.stock[1] / start, 0.25, 1e-12);
}

TEST(ComputeStock, DeliveriesArriveAtTheirTrainingPerformance) {
  MiniStock s;
  const double survival = survival_per_month(s.params.half_life_months);
  const double before = s.nations.stock[1];
  s.ledger.delivered = {0.0, 500.0};  // [chip * nations + nation]
  s.step(0);
  EXPECT_NEAR(s.nations.stock[1], before * survival + 2.0 * 500.0, 1e-9);
  EXPECT_NEAR(s.nations.stock[0], 1e6 * survival, 1e-6);
}

TEST(ComputeStock, PowerCapBinds) {
  MiniStock s;
  s.step(0);
  // Nation 0: 1 GW runs 1000 H100e, far below its stock of ~1e6.
  EXPECT_EQ(s.usable[0], 1.0 * 1000.0);
  EXPECT_GT(s.nations.stock[0], s.usable[0]);
  // Nation 1: 100 GW runs 1e5 H100e, above its stock: all of it is usable.
  EXPECT_EQ(s.usable[1], s.nations.stock[1]);
}

TEST(ComputeStock, EnergyGrowthChangeAddsToGrowth) {
  MiniStock s;
  s.nations.energy_growth = {0.5, 0.1};
  s.energy_growth_change = {-0.3, 0.2};
  for (std::size_t t = 0; t < 12; ++t) s.step(t);
  EXPECT_NEAR(s.nations.energy_gw[0], 1.0 * 1.2, 1e-12);
  EXPECT_NEAR(s.nations.energy_gw[1], 100.0 * 1.3, 1e-10);
}

TEST(ComputeStock, ChipsPerGigawattAndEnergyGrowYearly) {
  MiniStock s;
  s.params.h100e_per_gw_growth = 0.3;
  s.nations.energy_growth = {0.5, 0.0};
  s.nations.budget_growth = {0.2, 0.0};
  for (std::size_t t = 0; t < 12; ++t) s.step(t);
  // Twelve monthly factors (1 + g)^(1/12) make one year's growth.
  EXPECT_NEAR(s.nations.energy_gw[0], 1.5, 1e-12);
  EXPECT_NEAR(s.nations.chip_budget[0], 1.2e6, 1e-6);
  s.step(12);
  // Month 12 runs (1 + 0.3)^(12/12) times the starting chips per GW, on 1.5 GW.
  EXPECT_NEAR(s.usable[0], 1.5 * 1000.0 * 1.3, 1e-9);
}

}  // namespace
}  // namespace blocsim
