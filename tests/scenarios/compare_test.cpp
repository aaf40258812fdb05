#include "blocsim/scenarios/compare.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace blocsim {
namespace {

RunOptions few(std::uint32_t replicas, std::uint32_t threads) {
  RunOptions options;
  options.replicas = replicas;
  options.has_seed = true;
  options.seed = 99;
  options.threads = threads;
  return options;
}

TEST(Compare, AScenarioAgainstItselfDiffersByExactlyZero) {
  const LoadedScenario baseline = load_scenario("baseline", {"developers.agents=2000"});
  const ComparedRun a = run_for_comparison(baseline, few(6, 1));
  const ComparedRun b = run_for_comparison(baseline, few(6, 2));
  const v1::Comparison c = compare(a, b, 99, {"2026-12", "2030-12"}, {});
  ASSERT_GT(c.metrics_size(), 50);
  for (const auto& m : c.metrics()) {
    ASSERT_EQ(m.dates_size(), 2);
    for (const auto& d : m.dates()) {
      EXPECT_EQ(d.mean(), 0.0) << m.name();
      EXPECT_EQ(d.median(), 0.0) << m.name();
      EXPECT_EQ(d.lo(), 0.0) << m.name();
      EXPECT_EQ(d.hi(), 0.0) << m.name();
      EXPECT_EQ(d.p_b_greater(), 0.5) << m.name();
      EXPECT_EQ(d.mean_lo(), 0.0) << m.name();
      EXPECT_EQ(d.mean_hi(), 0.0) << m.name();
      EXPECT_EQ(d.a_mean(), d.b_mean()) << m.name();
    }
  }
}

// A regime indicator is 0 or 1 per replica: the mean difference is the difference of the
// probabilities (B's minus A's), and its interval is the normal one of a paired mean.
TEST(Compare, AProbabilityIsComparedAsADifferenceOfProbabilities) {
  // No lead is decisive here (a compute ratio of 1000 is out of reach), so the band decides
  // between contested and bipolar: 10% against none.
  const LoadedScenario banded = load_scenario(
      "baseline",
      {"developers.agents=2000", "regimes.decisive_compute_ratio=1000", "regimes.lead_margin=0.1"});
  const LoadedScenario unbanded = load_scenario(
      "baseline",
      {"developers.agents=2000", "regimes.decisive_compute_ratio=1000", "regimes.lead_margin=0"});
  const ComparedRun a = run_for_comparison(banded, few(40, 2));
  const ComparedRun b = run_for_comparison(unbanded, few(40, 2));
  const v1::Comparison c = compare(a, b, 99, {"2030-12"}, {"regime.asymmetric_bipolar"});
  ASSERT_EQ(c.metrics_size(), 1);
  const auto& d = c.metrics(0).dates(0);
  EXPECT_NEAR(d.mean(), d.b_mean() - d.a_mean(), 1e-12);
  EXPECT_LE(d.mean_lo(), d.mean());
  EXPECT_GE(d.mean_hi(), d.mean());
  EXPECT_GT(d.b_mean(), d.a_mean());  // without the band the 2030 labels are bipolar, not contested
  // The half-width from the paired differences d_r in {-1, 0, 1}.
  double mean = 0.0, squares = 0.0;
  const std::size_t steps = a.dates.size();
  std::size_t m = 0;
  while (a.metrics[m].name != "regime.asymmetric_bipolar") ++m;
  std::vector<double> diff;
  for (std::size_t r = 0; r < a.replicas.size(); ++r) {
    diff.push_back(b.replicas[r].values[m * steps + steps - 1] -
                   a.replicas[r].values[m * steps + steps - 1]);
    mean += diff.back();
  }
  mean /= static_cast<double>(diff.size());  // n below
  for (const double x : diff) squares += (x - mean) * (x - mean);
  const auto n = static_cast<double>(diff.size());
  const double half = 1.959963984540054 * std::sqrt(squares / (n - 1.0) / n);
  EXPECT_NEAR(d.mean_hi() - d.mean(), half, 1e-12);
}

TEST(Compare, PairsReplicasAndMeasuresTheDifference) {
  const LoadedScenario base = load_scenario("baseline", {"developers.agents=2000"});
  // B halves OpenAI's serving cost from the start: its price falls in every replica (by less
  // than half: its markup answers to demand).
  LoadedScenario cut = load_scenario("baseline", {"developers.agents=2000"});
  v1::Event* halved = cut.scenario.add_events();
  halved->set_id("openai-serving-halved");
  halved->set_date("2025-01");
  halved->mutable_price_change()->set_lab("openai");
  halved->mutable_price_change()->set_factor(0.5);
  const ComparedRun a = run_for_comparison(base, few(8, 2));
  const ComparedRun b = run_for_comparison(cut, few(8, 2));
  const v1::Comparison c =
      compare(a, b, 99, {"2025-06"}, {"price.lab.openai", "adoption.world.lab.openai"});
  ASSERT_EQ(c.metrics_size(), 2);
  const auto& price = c.metrics(0).name() == "price.lab.openai" ? c.metrics(0) : c.metrics(1);
  const auto& share = c.metrics(0).name() == "price.lab.openai" ? c.metrics(1) : c.metrics(0);
  EXPECT_LT(price.dates(0).hi(), 0.0);
  EXPECT_EQ(price.dates(0).p_b_greater(), 0.0);
  // A cheaper OpenAI gains developers in every replica.
  EXPECT_GT(share.dates(0).lo(), 0.0);
  EXPECT_EQ(share.dates(0).p_b_greater(), 1.0);
  // Common random numbers: the paired interval is narrower than the unpaired one.
  EXPECT_LT(share.dates(0).hi() - share.dates(0).lo(),
            share.dates(0).unpaired_hi() - share.dates(0).unpaired_lo());
}

TEST(Compare, RejectsRunsThatCannotBePaired) {
  const LoadedScenario base = load_scenario("baseline", {"developers.agents=2000"});
  const ComparedRun a = run_for_comparison(base, few(4, 2));
  const ComparedRun b = run_for_comparison(base, few(5, 2));
  EXPECT_THROW(compare(a, b, 99, {}, {}), std::invalid_argument);
  EXPECT_THROW(compare(a, a, 99, {"2031-01"}, {}), std::invalid_argument);
}

}  // namespace
}  // namespace blocsim
