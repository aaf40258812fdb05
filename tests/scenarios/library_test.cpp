// The built-in scenario library (scenarios/library/*.textproto): every scenario loads, validates
// and runs; each extends the baseline and changes what its question needs; and the changes move
// the metrics the way docs/SCENARIOS.md says, on the same seed.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "blocsim/scenarios/run_scenario.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"

namespace blocsim {
namespace {

// A tenth of the baseline's developer agents, so that a replica takes a fraction of a second.
const char* const kSmall = "developers.agents=2000";

LoadedScenario load_small(const std::string& name, std::vector<std::string> more = {}) {
  std::vector<std::string> overrides = {kSmall};
  overrides.insert(overrides.end(), more.begin(), more.end());
  return load_scenario(name, overrides);
}

v1::RunResult run(const LoadedScenario& loaded, std::uint32_t replicas,
                  std::vector<std::string> overrides = {}) {
  RunOptions options;
  options.replicas = replicas;
  options.threads = 2;
  options.seed = 20260124;
  options.has_seed = true;
  options.overrides = std::move(overrides);
  return run_scenario(loaded, options);
}

const v1::Metric& metric(const v1::RunResult& result, const std::string& name) {
  for (const auto& m : result.metrics()) {
    if (m.name() == name) return m;
  }
  ADD_FAILURE() << "no metric " << name;
  static const v1::Metric none;
  return none;
}

int date_index(const v1::RunResult& result, const std::string& date) {
  for (int i = 0; i < result.dates_size(); ++i) {
    if (result.dates(i) == date) return i;
  }
  ADD_FAILURE() << "no date " << date;
  return 0;
}

// The mean across replicas of a metric at a date.
double mean_at(const v1::RunResult& result, const std::string& name, const std::string& date) {
  return metric(result, name).steps(date_index(result, date)).mean();
}

// The mean across replicas of a monthly flow, summed over the months of a year.
double year_total(const v1::RunResult& result, const std::string& name, int year) {
  double total = 0.0;
  for (int month = 1; month <= 12; ++month) {
    const std::string date =
        std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
    total += mean_at(result, name, date);
  }
  return total;
}

const v1::Event* event(const v1::Scenario& s, const std::string& id) {
  for (const auto& e : s.events()) {
    if (e.id() == id) return &e;
  }
  return nullptr;
}

const v1::Chip* chip(const v1::Scenario& s, const std::string& id) {
  for (const auto& c : s.chips()) {
    if (c.id() == id) return &c;
  }
  return nullptr;
}

TEST(ScenarioLibrary, HoldsTheNamedScenarios) {
  const std::vector<std::string> names = builtin_scenario_names();
  for (const char* expected :
       {"baseline", "no-h200-exports", "aggressive-h200-exports", "customs-block-lifted",
        "full-decoupling", "china-chip-parity", "open-model-commoditization", "price-war",
        "global-south-subsidy", "smuggling-crackdown", "no-export-controls"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
}

TEST(ScenarioLibrary, EveryScenarioLoadsValidatesAndRuns) {
  const LoadedScenario baseline = load_small("baseline");
  for (const std::string& name : builtin_scenario_names()) {
    SCOPED_TRACE(name);
    const LoadedScenario loaded = load_small(name);
    EXPECT_EQ(loaded.origin, "built-in:" + name);
    EXPECT_EQ(loaded.scenario.name(), name);
    EXPECT_FALSE(loaded.scenario.description().empty());
    EXPECT_TRUE(validate_scenario(loaded.scenario, *loaded.source).empty());
    EXPECT_EQ(loaded.scenario.developers().agents(), 2000u);
    // Every scenario but the baseline changes something.
    if (name != "baseline") {
      EXPECT_NE(loaded.text, baseline.text);
    }

    const v1::RunResult result = run(loaded, 2);
    EXPECT_EQ(result.scenario_name(), name);
    EXPECT_EQ(result.replicas(), 2u);
    ASSERT_EQ(result.dates_size(), 72);
    for (const auto& m : result.metrics()) {
      for (const auto& step : m.steps()) {
        ASSERT_TRUE(std::isfinite(step.mean())) << m.name();
      }
    }
    // Chips are conserved in every scenario (docs/MODEL.md, chip market).
    for (const auto& step : metric(result, "chips.unaccounted").steps()) {
      EXPECT_LT(step.max(), 1.0);
    }
    const double share_us = mean_at(result, "adoption.world.origin.us", "2030-12");
    const double share_china = mean_at(result, "adoption.world.origin.china", "2030-12");
    EXPECT_GT(share_us, 0.0);
    EXPECT_GT(share_china, 0.0);
    EXPECT_LE(share_us + share_china, 1.0 + 1e-9);
  }
}

// `extends: "baseline"` keeps everything the file does not give, and list modes do what they say.
TEST(ScenarioLibrary, ExtendsChangesOnlyWhatTheFileGives) {
  const v1::Scenario base = load_small("baseline").scenario;

  // APPEND: the baseline's events, then the scenario's.
  const v1::Scenario crackdown = load_small("smuggling-crackdown").scenario;
  ASSERT_EQ(crackdown.events_size(), base.events_size() + 5);
  for (int i = 0; i < base.events_size(); ++i) {
    EXPECT_EQ(crackdown.events(i).SerializeAsString(), base.events(i).SerializeAsString());
  }
  EXPECT_EQ(crackdown.nations_size(), base.nations_size());
  EXPECT_EQ(crackdown.market().SerializeAsString(), base.market().SerializeAsString());

  // MERGE_BY_ID: the licence keeps its issuer, destination and tariff; the fields given change.
  const v1::Scenario aggressive = load_small("aggressive-h200-exports").scenario;
  ASSERT_EQ(aggressive.events_size(), base.events_size());
  const v1::Event* licence = event(aggressive, "h200-licences");
  const v1::Event* base_licence = event(base, "h200-licences");
  ASSERT_NE(licence, nullptr);
  ASSERT_NE(base_licence, nullptr);
  EXPECT_DOUBLE_EQ(base_licence->export_rule().vetted_share(), 0.6);
  EXPECT_DOUBLE_EQ(licence->export_rule().vetted_share(), 1.0);
  EXPECT_EQ(licence->export_rule().chips_size(), 2);
  EXPECT_EQ(licence->export_rule().issuer(), "USA");
  EXPECT_DOUBLE_EQ(licence->export_rule().tariff(), base_licence->export_rule().tariff());
  EXPECT_EQ(licence->date(), base_licence->date());
  EXPECT_FALSE(event(aggressive, "china-customs-h200")->customs_rule().block());

  // A merged distribution is replaced as a whole: the customs block lasts exactly 6 months.
  const v1::Scenario lifted = load_small("customs-block-lifted").scenario;
  const v1::Event* block = event(lifted, "china-customs-h200");
  ASSERT_NE(block, nullptr);
  EXPECT_TRUE(event(base, "china-customs-h200")->duration_months().has_triangular());
  EXPECT_EQ(block->duration_months().kind_case(), v1::Distribution::kFixed);
  EXPECT_DOUBLE_EQ(block->duration_months().fixed(), 6.0);
  EXPECT_TRUE(block->customs_rule().block());

  // REPLACE: the two H200 events are gone, the other four are the baseline's.
  const v1::Scenario none = load_small("no-h200-exports").scenario;
  EXPECT_EQ(none.events_size(), base.events_size() - 2);
  EXPECT_EQ(event(none, "h200-licences"), nullptr);
  EXPECT_EQ(event(none, "china-customs-h200"), nullptr);
  for (const auto& e : none.events()) {
    EXPECT_EQ(e.SerializeAsString(), event(base, e.id())->SerializeAsString()) << e.id();
  }

  // A nested message merges field by field.
  const v1::Scenario open = load_small("open-model-commoditization").scenario;
  EXPECT_DOUBLE_EQ(base.lab_dynamics().open_weight_margin(), 5.0);
  EXPECT_DOUBLE_EQ(open.lab_dynamics().open_weight_margin(), 15.0);
  EXPECT_DOUBLE_EQ(open.lab_dynamics().quality_per_decade(),
                   base.lab_dynamics().quality_per_decade());
  EXPECT_DOUBLE_EQ(open.lab_dynamics().compute_for_quality_100(),
                   base.lab_dynamics().compute_for_quality_100());

  // Chips merged by id: the Ascend 950 keeps its performance, its capacity list is replaced, and a
  // new chip is appended.
  const v1::Scenario parity = load_small("china-chip-parity").scenario;
  ASSERT_EQ(parity.chips_size(), base.chips_size() + 1);
  const v1::Chip* ascend950 = chip(parity, "ascend950");
  ASSERT_NE(ascend950, nullptr);
  EXPECT_DOUBLE_EQ(ascend950->perf_train(), chip(base, "ascend950")->perf_train());
  EXPECT_EQ(ascend950->capacity_size(), 3);
  EXPECT_TRUE(ascend950->capacity_factor().has_lognormal());
  const v1::Chip* next = chip(parity, "ascend-next");
  ASSERT_NE(next, nullptr);
  EXPECT_DOUBLE_EQ(next->perf_train(), 1.0);
}

// The Institute for Progress comparison: aggressive H200 exports leave a smaller US compute lead
// in 2026 than none (calibration sheet, Chips).
TEST(ScenarioLibrary, AggressiveH200ExportsNarrowTheComputeRatio) {
  const v1::RunResult none = run(load_small("no-h200-exports"), 4);
  const v1::RunResult aggressive = run(load_small("aggressive-h200-exports"), 4);
  EXPECT_LT(mean_at(aggressive, "compute.ratio.us_over_china", "2026-12"),
            mean_at(none, "compute.ratio.us_over_china", "2026-12"));
  EXPECT_GT(year_total(aggressive, "chips.china.licensed", 2026),
            2.0 * year_total(none, "chips.china.licensed", 2026));
}

// Without US controls China buys US chips legally from the start, nothing leaks (nothing is
// blocked), and its compute and best model stand higher in 2026.
TEST(ScenarioLibrary, NoExportControlsLetsUsChipsReachChina) {
  const v1::RunResult base = run(load_small("baseline"), 2);
  const v1::RunResult open = run(load_small("no-export-controls"), 2);
  EXPECT_GT(mean_at(open, "chips.china.licensed", "2025-06"),
            10.0 * mean_at(base, "chips.china.licensed", "2025-06"));
  EXPECT_EQ(mean_at(open, "chips.china.leaked", "2025-06"), 0.0);
  EXPECT_GT(mean_at(base, "chips.china.leaked", "2025-06"), 0.0);
  EXPECT_GT(mean_at(open, "compute.stock.bloc.china", "2026-12"),
            mean_at(base, "compute.stock.bloc.china", "2026-12"));
  EXPECT_GT(mean_at(open, "quality.frontier.china", "2026-12"),
            mean_at(base, "quality.frontier.china", "2026-12"));
}

TEST(ScenarioLibrary, SmugglingCrackdownCutsLeakedChips) {
  const v1::RunResult base = run(load_small("baseline"), 2);
  const v1::RunResult crackdown = run(load_small("smuggling-crackdown"), 2);
  const double leaked_base = year_total(base, "chips.china.leaked", 2027);
  const double leaked_crackdown = year_total(crackdown, "chips.china.leaked", 2027);
  EXPECT_GT(leaked_base, 0.0);
  EXPECT_LT(leaked_crackdown, 0.5 * leaked_base);
  // Closed from 2027-07 on.
  EXPECT_EQ(mean_at(crackdown, "chips.china.leaked", "2028-01"), 0.0);
}

TEST(ScenarioLibrary, CustomsBlockLiftedLetsLicensedChipsIn) {
  const v1::RunResult base = run(load_small("baseline"), 2);
  const v1::RunResult lifted = run(load_small("customs-block-lifted"), 2);
  // The same months before 2026-07; more licensed chips after.
  EXPECT_DOUBLE_EQ(mean_at(lifted, "chips.china.licensed", "2026-03"),
                   mean_at(base, "chips.china.licensed", "2026-03"));
  EXPECT_GT(mean_at(lifted, "chips.china.licensed", "2026-09"),
            2.0 * mean_at(base, "chips.china.licensed", "2026-09"));
}

TEST(ScenarioLibrary, FullDecouplingStopsChipsToChina) {
  const v1::RunResult decoupled = run(load_small("full-decoupling"), 2);
  for (const char* date : {"2026-08", "2027-12", "2030-12"}) {
    EXPECT_EQ(mean_at(decoupled, "chips.china.licensed", date), 0.0) << date;
    EXPECT_EQ(mean_at(decoupled, "chips.china.leaked", date), 0.0) << date;
  }
  EXPECT_GT(mean_at(decoupled, "chips.china.leaked", "2026-05"), 0.0);
}

TEST(ScenarioLibrary, ChinaChipParityNarrowsTheComputeRatio) {
  const v1::RunResult base = run(load_small("baseline"), 2);
  const v1::RunResult parity = run(load_small("china-chip-parity"), 2);
  EXPECT_GT(year_total(parity, "chips.china.domestic", 2028),
            1.5 * year_total(base, "chips.china.domestic", 2028));
  EXPECT_LT(mean_at(parity, "compute.ratio.us_over_china", "2030-12"),
            mean_at(base, "compute.ratio.us_over_china", "2030-12"));
}

// A `--set` override changes the scenario as run, is recorded in the results, and its effect is
// measured in the output.
TEST(ScenarioLibrary, SetOverrideTakesEffectAndIsRecorded) {
  const std::string closed = "market.leakage.hubs.rate=0";
  const LoadedScenario plain = load_small("smuggling-crackdown");
  const LoadedScenario overridden = load_small("smuggling-crackdown", {closed});
  EXPECT_NE(plain.text, overridden.text);
  for (const auto& channel : overridden.scenario.market().leakage()) {
    if (channel.id() == "hubs") {
      EXPECT_DOUBLE_EQ(channel.rate().fixed(), 0.0);
    }
  }

  const v1::RunResult before = run(plain, 2, {kSmall});
  const v1::RunResult after = run(overridden, 2, {kSmall, closed});
  ASSERT_EQ(after.overrides_size(), 2);
  EXPECT_EQ(after.overrides(0), kSmall);
  EXPECT_EQ(after.overrides(1), closed);
  EXPECT_EQ(before.overrides_size(), 1);

  // The hubs' rate was drawn per replica; with the override every replica's draw is 0.
  bool found = false;
  for (const auto& p : after.parameters()) {
    if (p.path() != "market.leakage[hubs].rate") continue;
    found = true;
    ASSERT_EQ(p.values_size(), 2);
    for (double v : p.values()) EXPECT_EQ(v, 0.0);
  }
  EXPECT_TRUE(found);
  // Before hubs close (2027-01), less leaks to China without them.
  EXPECT_LT(year_total(after, "chips.china.leaked", 2025),
            year_total(before, "chips.china.leaked", 2025));
}

}  // namespace
}  // namespace blocsim
