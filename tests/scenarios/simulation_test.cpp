#include "blocsim/scenarios/simulation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "blocsim/scenarios/metrics_catalog.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"

namespace blocsim {
namespace {

const v1::Scenario& baseline() {
  static const LoadedScenario loaded = load_scenario("baseline");
  return loaded.scenario;
}

std::size_t index_of(const std::vector<std::string>& ids, const std::string& id) {
  const auto it = std::find(ids.begin(), ids.end(), id);
  EXPECT_NE(it, ids.end()) << id;
  return static_cast<std::size_t>(it - ids.begin());
}

// Sums and shares below are sums of at most a few dozen terms in [0, 1]: rounding stays far
// below 1e-9.
constexpr double kSumTolerance = 1e-9;

// Every invariant of one month of one replica.
void check_month(const Simulation& sim, const std::vector<MetricDef>& catalog, std::size_t t) {
  const ReplicaWorld& w = sim.world();
  const std::size_t N = w.nations.size();
  const std::size_t M = w.labs.size();
  ASSERT_EQ(sim.metrics().size(), catalog.size());
  auto metric = [&](const std::string& name) { return sim.metric(metric_index(catalog, name), t); };

  // Adoption shares: per nation and model in [0, 1], each nation's row sums to 1.
  const std::vector<double>& share = sim.adoption_share();
  ASSERT_EQ(share.size(), N * M);
  for (std::size_t n = 0; n < N; ++n) {
    double row = 0.0;
    for (std::size_t j = 0; j < M; ++j) {
      EXPECT_GE(share[n * M + j], 0.0);
      EXPECT_LE(share[n * M + j], 1.0);
      row += share[n * M + j];
    }
    EXPECT_NEAR(row, 1.0, kSumTolerance) << w.nations.id[n];
    const double china = metric("adoption.nation." + w.nations.id[n] + ".origin.china");
    EXPECT_GE(china, 0.0) << w.nations.id[n];
    EXPECT_LE(china, 1.0) << w.nations.id[n];
    // Its open-weight part: the nation's shares of the Chinese open-weight labs, summed.
    double china_open = 0.0;
    for (std::size_t j = 0; j < M; ++j) {
      if (w.labs.origin[j] == Origin::kChina && w.labs.open[j]) china_open += share[n * M + j];
    }
    EXPECT_NEAR(metric("adoption.nation." + w.nations.id[n] + ".origin.china.open_weight"),
                china_open, kSumTolerance)
        << w.nations.id[n];
    const double lean = metric("alignment.nation." + w.nations.id[n]);
    EXPECT_GE(lean, -1.0) << w.nations.id[n];
    EXPECT_LE(lean, 1.0) << w.nations.id[n];
  }
  const double us = metric("adoption.world.origin.us");
  const double cn = metric("adoption.world.origin.china");
  const double other = metric("adoption.world.origin.other");
  for (const double s : {us, cn, other, metric("adoption.world.open_weight"),
                         metric("adoption.outside_china.origin.china")}) {
    EXPECT_GE(s, 0.0);
    EXPECT_LE(s, 1.0);
  }
  EXPECT_NEAR(us + cn + other, 1.0, kSumTolerance);
  double labs_total = 0.0;
  for (std::size_t j = 0; j < M; ++j) {
    const std::string& lab = w.labs.id[j];
    labs_total += metric("adoption.world.lab." + lab);
    EXPECT_GE(metric("quality.lab." + lab), 0.0);
    // Prices: open weights at serving cost, closed ones between cost and the markup cap.
    const double cost = w.labs.cost[j];
    const double price = metric("price.lab." + lab);
    EXPECT_GT(cost, 0.0) << lab;
    if (w.labs.open[j]) {
      EXPECT_EQ(price, cost) << lab;
    } else {
      EXPECT_GE(price, cost) << lab;
      EXPECT_LE(price, w.serving.max_markup * cost * (1.0 + 1e-12)) << lab;
    }
  }
  EXPECT_NEAR(labs_total, 1.0, kSumTolerance);
  // Adoption by origin and openness: parts of their wholes, and the US part the US open labs'.
  double us_open = 0.0;
  for (std::size_t j = 0; j < M; ++j) {
    if (w.labs.origin[j] == Origin::kUs && w.labs.open[j]) {
      us_open += metric("adoption.world.lab." + w.labs.id[j]);
    }
  }
  EXPECT_NEAR(metric("adoption.world.origin.us.open_weight"), us_open, kSumTolerance);
  EXPECT_LE(metric("adoption.outside_china.origin.china.open_weight"),
            metric("adoption.outside_china.origin.china") + kSumTolerance);

  // Stocks and flows are never negative.
  for (std::size_t n = 0; n < N; ++n) {
    EXPECT_GE(w.nations.stock[n], 0.0) << w.nations.id[n];
    EXPECT_GE(sim.usable_compute()[n], 0.0) << w.nations.id[n];
    EXPECT_LE(sim.usable_compute()[n], w.nations.stock[n]) << w.nations.id[n];
  }
  const MarketLedger& ledger = sim.ledger();
  double production = 0.0;
  for (std::size_t c = 0; c < w.chips.size(); ++c) {
    production += ledger.produced[c] + ledger.inventory_in[c];
    EXPECT_GE(ledger.inventory_out[c], 0.0);
    EXPECT_GE(ledger.seized[c], 0.0);
    for (std::size_t n = 0; n < N; ++n) EXPECT_GE(ledger.delivered[c * N + n], 0.0);
  }
  for (const char* name :
       {"compute.stock.bloc.us", "compute.stock.bloc.china", "compute.stock.world",
        "chips.china.licensed", "chips.china.leaked", "chips.china.domestic"}) {
    EXPECT_GE(metric(name), 0.0) << name;
  }
  EXPECT_GE(metric("compute.share.us"), 0.0);
  EXPECT_LE(metric("compute.share.us") + metric("compute.share.china"), 1.0 + kSumTolerance);
  // Chips are conserved: the largest residual is rounding on sums of ~1e6 units.
  EXPECT_LT(metric("chips.unaccounted"), 1e-6 * production);

  // Regimes: exactly one label a month. Bipolarity and its parts lie in [0, 1].
  double regimes = 0.0;
  for (const char* name : {"regime.us_led", "regime.china_led", "regime.symmetric_bipolar",
                           "regime.asymmetric_bipolar", "regime.contested"}) {
    EXPECT_TRUE(metric(name) == 0.0 || metric(name) == 1.0) << name;
    regimes += metric(name);
  }
  EXPECT_EQ(regimes, 1.0);
  // The index is the bipolarity of outcomes: world adoption by the models' origin.
  const double on_us = metric("adoption.world.origin.us");
  const double on_china = metric("adoption.world.origin.china");
  const double adopted = metric("adoption.world.adopted");
  EXPECT_DOUBLE_EQ(metric("bipolarity.index"), 4.0 * (on_us / adopted) * (on_china / adopted));
  EXPECT_EQ(metric("bipolarity.index"), metric("bipolarity.adoption"));
  const double world = metric("compute.stock.world");
  EXPECT_NEAR(
      metric("bipolarity.compute"),
      4.0 * metric("compute.stock.bloc.us") / world * metric("compute.stock.bloc.china") / world,
      1e-12);
  for (const char* name : {"bipolarity.index", "bipolarity.coverage", "bipolarity.balance",
                           "bipolarity.adoption", "bipolarity.compute", "bipolarity.alignment"}) {
    EXPECT_GE(metric(name), 0.0) << name;
    EXPECT_LE(metric(name), 1.0) << name;
  }
}

TEST(Simulation, BaselineInvariantsHoldEveryMonth) {
  const v1::Scenario& s = baseline();
  const std::uint64_t seed = s.run().seed();
  for (std::uint32_t replica = 0; replica < 3; ++replica) {
    Simulation sim(s, seed, replica);
    const std::vector<MetricDef> catalog = metric_catalog(s);
    const std::size_t h200 = index_of(sim.world().chips.id, "h200");
    const std::size_t chn = index_of(sim.world().nations.id, "CHN");
    const std::size_t N = sim.world().nations.size();
    bool blocked_seen = false;
    while (sim.step()) {
      const std::size_t t = sim.month() - 1;
      SCOPED_TRACE("replica " + std::to_string(replica) + ", month " + std::to_string(t));
      check_month(sim, catalog, t);
      // China's customs block on the H200 holds in the market while it is in force.
      if (sim.rules().blocked(h200, chn)) {
        blocked_seen = true;
        EXPECT_EQ(sim.ledger().delivered[h200 * N + chn], 0.0);
      }
      if (::testing::Test::HasFailure()) return;  // one month's report is enough
    }
    EXPECT_EQ(sim.month(), sim.months());
    EXPECT_EQ(sim.months(), 72u);
    EXPECT_TRUE(blocked_seen);
  }
}

// Sum of a metric over the months of one year.
double over_year(const ReplicaSeries& series, std::size_t metric, const v1::Scenario& s,
                 const std::string& year) {
  const std::vector<std::string> dates = run_dates(s);
  double total = 0.0;
  for (std::size_t t = 0; t < dates.size(); ++t) {
    if (dates[t].rfind(year + "-", 0) == 0) total += series.values[metric * dates.size() + t];
  }
  return total;
}

TEST(Simulation, ChinaCustomsBlockOnH200CutsLicensedChips) {
  const v1::Scenario& with_block = baseline();
  v1::Scenario without_block = with_block;
  auto* events = without_block.mutable_events();
  const auto it = std::find_if(events->begin(), events->end(),
                               [](const v1::Event& e) { return e.id() == "china-customs-h200"; });
  ASSERT_NE(it, events->end());
  events->erase(it);
  ASSERT_EQ(without_block.events_size() + 1, with_block.events_size());

  const std::uint64_t seed = with_block.run().seed();
  const std::size_t months = run_dates(with_block).size();
  // In some replicas China retaliates against the 2025 US ban by blocking every US chip from
  // mid-2025 (responses.retaliation, probability 0.25): then no licensed chip reaches China in
  // 2026 with or without the H200 block, and the comparison is between two zeros.
  const std::vector<MetricDef> catalog = metric_catalog(with_block);
  const auto retaliation = std::find_if(catalog.begin(), catalog.end(), [](const MetricDef& m) {
    return m.name == "policy.fired.retaliation.CHN.USA";
  });
  ASSERT_NE(retaliation, catalog.end());
  const auto retaliation_id = static_cast<std::size_t>(retaliation - catalog.begin());
  int compared = 0;
  for (std::uint32_t replica = 0; replica < 3; ++replica) {
    const ReplicaSeries a = run_replica(with_block, seed, replica);
    const ReplicaSeries b = run_replica(without_block, seed, replica);
    // Common random numbers: until the block's date (2026-01, month 12) both runs are the same
    // replica, bit for bit.
    ASSERT_EQ(a.values.size(), b.values.size());
    for (std::size_t id = 0; id < a.values.size() / months; ++id) {
      for (std::size_t t = 0; t < 12; ++t) {
        ASSERT_EQ(a.values[id * months + t], b.values[id * months + t])
            << "metric " << id << ", month " << t << ", replica " << replica;
      }
    }
    const std::size_t licensed = metric_index(catalog, "chips.china.licensed");
    const double with = over_year(a, licensed, with_block, "2026");
    const double without = over_year(b, licensed, without_block, "2026");
    EXPECT_GE(without, with) << "replica " << replica;
    if (a.values[retaliation_id * months + 12] > 0.0) {
      EXPECT_EQ(with, 0.0) << "replica " << replica;
      continue;
    }
    // Paired: lifting the block lets more licensed chips reach China in 2026.
    EXPECT_GT(without, with) << "replica " << replica;
    ++compared;
  }
  EXPECT_GE(compared, 1);  // the seed gives at least one replica without retaliation
}

TEST(Simulation, ExportBanWithoutLeakageStopsChipsToChina) {
  // The mini file has no leakage channels: once the ban is in force (2025-03, month 2) nothing
  // foreign reaches China.
  const LoadedScenario mini =
      load_scenario(std::string(BLOCSIM_TEST_DATA_DIR) + "/scenarios/data/mini.textproto");
  const ReplicaSeries series = run_replica(mini.scenario, 7, 0);
  const std::size_t months = run_dates(mini.scenario).size();
  ASSERT_EQ(months, 6u);
  const std::vector<MetricDef> catalog = metric_catalog(mini.scenario);
  const std::size_t licensed = metric_index(catalog, "chips.china.licensed");
  const std::size_t leaked = metric_index(catalog, "chips.china.leaked");
  EXPECT_GT(series.values[licensed * months + 0], 0.0);
  for (std::size_t t = 2; t < months; ++t) {
    EXPECT_EQ(series.values[licensed * months + t], 0.0) << t;
    EXPECT_EQ(series.values[leaked * months + t], 0.0) << t;
  }
}

TEST(Simulation, ReplicaIsAFunctionOfSeedAndIndex) {
  const LoadedScenario mini =
      load_scenario(std::string(BLOCSIM_TEST_DATA_DIR) + "/scenarios/data/mini.textproto");
  EXPECT_EQ(run_replica(mini.scenario, 7, 1).values, run_replica(mini.scenario, 7, 1).values);
  EXPECT_NE(run_replica(mini.scenario, 7, 1).values, run_replica(mini.scenario, 7, 2).values);
}

}  // namespace
}  // namespace blocsim

namespace blocsim {
namespace {

// Ctrl-C and SIGTERM set the stop flag; a replica sees it every month, not only at its end.
TEST(Simulation, AStopRequestEndsAReplicaAtTheNextMonth) {
  const LoadedScenario mini =
      load_scenario(std::string(BLOCSIM_TEST_DATA_DIR) + "/scenarios/data/mini.textproto");
  std::atomic<bool> stop{false};
  Simulation simulation(mini.scenario, 7, 0);
  ASSERT_TRUE(simulation.step());
  stop = true;
  EXPECT_FALSE(simulation.run_to_end(&stop));
  EXPECT_EQ(simulation.month(), 1u);
  EXPECT_TRUE(run_replica(mini.scenario, 7, 0, &stop).values.empty());
  stop = false;
  EXPECT_EQ(run_replica(mini.scenario, 7, 0, &stop).values,
            run_replica(mini.scenario, 7, 0).values);
}

}  // namespace
}  // namespace blocsim
