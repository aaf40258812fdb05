// The scenario's `uncertain` list: any numeric field drawn per replica, as `--set` would set it.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "blocsim/core/results_io.hpp"
#include "blocsim/scenarios/parameters.hpp"
#include "blocsim/scenarios/run_scenario.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/scenarios/scenario_overrides.hpp"

namespace blocsim {
namespace {

// The baseline with few agents, plus `extra` (text format).
std::string small(const std::string& extra) {
  return "extends: \"baseline\"\nname: \"uncertain-test\"\ndevelopers { agents: 3000 }\n" + extra;
}

v1::RunResult run(const LoadedScenario& loaded, std::uint32_t replicas, int threads = 1) {
  RunOptions options;
  options.replicas = replicas;
  options.threads = threads;
  options.seed = 5;
  options.has_seed = true;
  return run_scenario(loaded, options);
}

const v1::ParameterDraws* draws_of(const v1::RunResult& result, const std::string& path) {
  for (const auto& p : result.parameters()) {
    if (p.path() == path) return &p;
  }
  return nullptr;
}

std::string metrics_bytes(const v1::RunResult& result) {
  std::string bytes;
  for (const auto& m : result.metrics()) bytes += m.SerializeAsString();
  return bytes;
}

std::vector<Diagnostic> diagnostics_of(const std::string& text) {
  try {
    parse_scenario(text, "unc.textproto");
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << "the text loaded:\n" << text;
  return {};
}

bool has_error(const std::vector<Diagnostic>& errors, const std::string& field,
               const std::string& part) {
  return std::any_of(errors.begin(), errors.end(), [&](const Diagnostic& d) {
    return d.field == field && d.message.find(part) != std::string::npos;
  });
}

TEST(UncertainFields, UniformDrawsLieInRangeAreExportedAndDiffer) {
  const LoadedScenario loaded = parse_scenario(
      small("uncertain { path: \"adoption.network_j\" value { uniform { lo: 1 hi: 2 } } }"),
      "unc.textproto");
  const v1::RunResult result = run(loaded, 4);
  const v1::ParameterDraws* draws = draws_of(result, "adoption.network_j");
  ASSERT_NE(draws, nullptr);
  // After the model's own distribution fields.
  EXPECT_EQ(&result.parameters(result.parameters_size() - 1), draws);
  ASSERT_EQ(draws->values_size(), 4);
  std::set<double> distinct;
  for (const double v : draws->values()) {
    EXPECT_GE(v, 1.0);
    EXPECT_LE(v, 2.0);
    distinct.insert(v);
  }
  EXPECT_EQ(distinct.size(), 4u);
  // The replica's copy carries the draw; the scenario itself is untouched.
  const auto drawn = draw_uncertain_fields(loaded.scenario, ReplicaKey::make(5, 2));
  ASSERT_NE(drawn, nullptr);
  EXPECT_EQ(drawn->adoption().network_j(), draws->values(2));
  EXPECT_EQ(loaded.scenario.adoption().network_j(), 1.5);
  // A scenario without `uncertain` entries needs no copy.
  v1::Scenario none = load_scenario("baseline").scenario;
  none.clear_uncertain();
  EXPECT_EQ(draw_uncertain_fields(none, ReplicaKey::make(5, 2)), nullptr);
}

TEST(UncertainFields, SameSeedSameDrawsOnOneAndTwoThreads) {
  const LoadedScenario loaded = parse_scenario(
      small("uncertain { path: \"adoption.network_j\" value { uniform { lo: 1 hi: 2 } } }\n"
            "uncertain { path: \"labs.deepseek.price_input\" "
            "value { triangular { lo: 0.05 mode: 0.1 hi: 0.3 } } }"),
      "unc.textproto");
  const v1::RunResult one = run(loaded, 4, 1);
  const v1::RunResult two = run(loaded, 4, 2);
  EXPECT_EQ(results_without_provenance(one), results_without_provenance(two));
  ASSERT_NE(draws_of(one, "labs.deepseek.price_input"), nullptr);
  EXPECT_EQ(draws_of(one, "labs.deepseek.price_input")->SerializeAsString(),
            draws_of(two, "labs.deepseek.price_input")->SerializeAsString());
}

TEST(UncertainFields, FixedDrawEqualsSet) {
  const LoadedScenario fixed = parse_scenario(
      small("uncertain { path: \"adoption.network_j\" value { fixed: 1.8 } }"), "unc.textproto");
  // `fixed` replaces the baseline's `uncertain` list; `set` must too, or it would still draw the
  // baseline's algorithmic progress.
  LoadedScenario set = parse_scenario(small(""), "unc.textproto");
  set.scenario.clear_uncertain();
  apply_overrides(set.scenario, {"adoption.network_j=1.8"});
  const v1::RunResult a = run(fixed, 3);
  const v1::RunResult b = run(set, 3);
  EXPECT_EQ(metrics_bytes(a), metrics_bytes(b));
  LoadedScenario plain = parse_scenario(small(""), "unc.textproto");
  plain.scenario.clear_uncertain();
  EXPECT_NE(metrics_bytes(a), metrics_bytes(run(plain, 3)));
}

TEST(UncertainFields, DrawnFieldTakesEffect) {
  const LoadedScenario slow =
      parse_scenario(small("uncertain { path: \"developers.reconsider_rate\" "
                           "value { uniform { lo: 0 hi: 0.01 } } }"),
                     "unc.textproto");
  const LoadedScenario fast = parse_scenario(
      small("uncertain { path: \"developers.reconsider_rate\" value { fixed: 0.5 } }"),
      "unc.textproto");
  const v1::RunResult a = run(slow, 2);
  const v1::RunResult b = run(fast, 2);
  ASSERT_EQ(a.metrics_size(), b.metrics_size());
  EXPECT_NE(metrics_bytes(a), metrics_bytes(b));
}

TEST(UncertainFields, IntegerFieldTakesTheNearestWholeNumber) {
  const LoadedScenario loaded = parse_scenario(
      small("uncertain { path: \"developers.agents\" value { fixed: 2500.6 } }"), "unc.textproto");
  const auto drawn = draw_uncertain_fields(loaded.scenario, ReplicaKey::make(1, 0));
  ASSERT_NE(drawn, nullptr);
  EXPECT_EQ(drawn->developers().agents(), 2501u);
}

TEST(UncertainFields, ValidationRejectsBadEntries) {
  const auto unknown =
      diagnostics_of(small("uncertain { path: \"adoption.nope\" value { fixed: 1 } }"));
  EXPECT_TRUE(has_error(unknown, "uncertain[0].path", "'nope' is not a field"));
  const auto text =
      diagnostics_of(small("uncertain { path: \"labs.deepseek.name\" value { fixed: 1 } }"));
  EXPECT_TRUE(has_error(text, "uncertain[0].path", "not a numeric one"));
  const auto distribution = diagnostics_of(
      small("uncertain { path: \"market.leakage.hubs.rate\" value { fixed: 0.1 } }"));
  EXPECT_TRUE(has_error(distribution, "uncertain[0].path", "already a distribution"));
  const auto run_setting =
      diagnostics_of(small("uncertain { path: \"run.replicas\" value { fixed: 3 } }"));
  EXPECT_TRUE(has_error(run_setting, "uncertain[0].path", "run setting"));
  const auto twice =
      diagnostics_of(small("uncertain { path: \"nations.USA.bloc_lean\" value { fixed: 0.5 } }\n"
                           "uncertain { path: \"nations[0].bloc_lean\" value { fixed: 0.6 } }"));
  EXPECT_TRUE(has_error(twice, "uncertain[1].path", "an earlier entry names"));
  const auto bad = diagnostics_of(
      small("uncertain { path: \"adoption.network_j\" value { uniform { lo: 2 hi: 1 } } }"));
  EXPECT_TRUE(has_error(bad, "uncertain[0].value.uniform.hi", "is below lo"));
  const auto missing = diagnostics_of(small("uncertain { path: \"adoption.network_j\" }"));
  EXPECT_TRUE(has_error(missing, "uncertain[0].value", "is missing"));
}

TEST(UncertainFields, ValidationChecksTheFieldAtTheSupportsEnds) {
  const auto wide = diagnostics_of(
      small("uncertain { path: \"nations.USA.bloc_lean\" value { uniform { lo: 0 hi: 2 } } }"));
  EXPECT_TRUE(has_error(wide, "uncertain[0].value", "can draw 2 (its highest value)"));
  EXPECT_TRUE(has_error(wide, "uncertain[0].value", "must be in [-1, 1]"));
  const auto unbounded = diagnostics_of(small(
      "uncertain { path: \"nations.USA.bloc_lean\" value { lognormal { median: 0.5 sigma: 1 } } "
      "}"));
  EXPECT_TRUE(has_error(unbounded, "uncertain[0].value", "is unbounded above"));
  // A field with no upper bound takes an unbounded distribution.
  EXPECT_NO_THROW(parse_scenario(small("uncertain { path: \"nations.USA.gdp_usd_tn\" "
                                       "value { lognormal { median: 28 sigma: 0.1 } } }"),
                                 "unc.textproto"));
}

TEST(UncertainFields, MergeByIdUsesThePath) {
  const std::string parent = testing::TempDir() + "uncertain_parent.textproto";
  {
    std::ofstream out(parent);
    out << small(
        "uncertain { path: \"adoption.network_j\" value { fixed: 1.2 } }\n"
        "uncertain { path: \"developers.reconsider_rate\" value { fixed: 0.2 } }\n");
  }
  const LoadedScenario child = parse_scenario(
      "extends: \"" + parent +
          "\"\nname: \"child\"\nlist_mode { field: \"uncertain\" mode: MERGE_BY_ID }\n"
          "uncertain { path: \"adoption.network_j\" value { fixed: 1.9 } }\n"
          "uncertain { path: \"labs.deepseek.price_input\" value { fixed: 0.2 } }\n",
      "child.textproto");
  ASSERT_EQ(child.scenario.uncertain_size(), 3);
  EXPECT_EQ(child.scenario.uncertain(0).path(), "adoption.network_j");
  EXPECT_EQ(child.scenario.uncertain(0).value().fixed(), 1.9);
  EXPECT_EQ(child.scenario.uncertain(1).path(), "developers.reconsider_rate");
  EXPECT_EQ(child.scenario.uncertain(2).path(), "labs.deepseek.price_input");
}

}  // namespace
}  // namespace blocsim
