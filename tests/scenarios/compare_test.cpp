#include "blocsim/scenarios/compare.hpp"

#include <gtest/gtest.h>

#include <algorithm>

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
    }
  }
}

TEST(Compare, PairsReplicasAndMeasuresTheDifference) {
  const LoadedScenario base = load_scenario("baseline", {"developers.agents=2000"});
  // B cuts every price of OpenAI in half from the start: OpenAI's price ratio B / A is 0.5 in
  // every replica, and its price difference is minus half of A's price in each.
  const LoadedScenario cut = load_scenario(
      "baseline",
      {"developers.agents=2000", "labs.openai.price_input=1.25", "labs.openai.price_output=5"});
  const ComparedRun a = run_for_comparison(base, few(8, 2));
  const ComparedRun b = run_for_comparison(cut, few(8, 2));
  const v1::Comparison c =
      compare(a, b, 99, {"2025-06"}, {"price.lab.openai", "adoption.world.lab.openai"});
  ASSERT_EQ(c.metrics_size(), 2);
  const auto& price = c.metrics(0).name() == "price.lab.openai" ? c.metrics(0) : c.metrics(1);
  const auto& share = c.metrics(0).name() == "price.lab.openai" ? c.metrics(1) : c.metrics(0);
  EXPECT_NEAR(price.dates(0).median(), -0.5 * price.dates(0).a_median(), 1e-9);
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
