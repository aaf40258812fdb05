#include "blocsim/scenarios/scenario_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "blocsim/scenarios/embedded_library.hpp"

namespace blocsim {
namespace {

// A small valid scenario, one string per line: element k is line k + 1 of the text, so the line
// numbers the diagnostics must report are stated next to each line.
const std::vector<std::string> kMini = {
    R"(name: "mini")",                                                                        // 1
    R"(run { start: "2025-01" end: "2025-12" replicas: 2 seed: 1 })",                         // 2
    R"(nations {)",                                                                           // 3
    R"(  id: "USA" gdp_usd_tn: 28.8 population_m: 335 developers_m: 4.5 bloc_lean: 1)",       // 4
    R"(})",                                                                                   // 5
    R"(nations {)",                                                                           // 6
    R"(  id: "CHN" gdp_usd_tn: 18.7 population_m: 1410 developers_m: 6.5 bloc_lean: -1)",     // 7
    R"(})",                                                                                   // 8
    R"(nations {)",                                                                           // 9
    R"(  id: "SGP" gdp_usd_tn: 0.5 population_m: 6 developers_m: 0.15 bloc_lean: 0.2)",       // 10
    R"(})",                                                                                   // 11
    R"(chips {)",                                                                             // 12
    R"(  id: "gpu" maker: "nvidia" home_nation: "USA" perf_train: 1 perf_inference: 1)",      // 13
    R"(  price_usd: 25000)",                                                                  // 14
    R"(  capacity { from: "2025-01" units_per_month: 1000 })",                                // 15
    R"(  capacity { from: "2025-06" units_per_month: 2000 })",                                // 16
    R"(})",                                                                                   // 17
    R"(labs {)",                                                                              // 18
    R"(  id: "lab" home_nation: "USA" openness: OPEN compute_share: 0.1)",                    // 19
    R"(  algorithmic_efficiency: 1 quality: 80 price_input: 1 price_output: 2)",              // 20
    R"(  release_interval_months: 6)",                                                        // 21
    R"(})",                                                                                   // 22
    R"(developers { agents: 100 ties_within: 4 rewire: 0.1 ties_across: 1 })",                // 23
    R"(market {)",                                                                            // 24
    R"(  capex_chip_share: 0.6 depreciation_half_life_months: 36 h100e_per_gw: 700000)",      // 25
    R"(  leakage { id: "hubs" rate { fixed: 0.1 } markup: 0.5 })",                            // 26
    R"(})",                                                                                   // 27
    R"(lab_dynamics { quality_per_decade: 10 compute_for_quality_100: 3e7 max_markup: 20 )",  // 28
    R"(  algorithmic_progress: 3 mtokens_per_h100e_hour: 1 })",                               // 29
    R"(adoption { mu: 1 gdp_per_capita_ref: 85000 })",                                        // 30
    R"(regimes { decisive_compute_ratio: 3 decisive_adoption_ratio: 2 })",                    // 31
    R"(events {)",                                                                            // 32
    R"(  id: "ban" date: "2025-03" end: "2025-09")",                                          // 33
    R"(  export_rule { issuer: "USA" chips: ["gpu"] destinations: ["CHN"] action: BAN })",    // 34
    R"(})",                                                                                   // 35
};

std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

// The mini scenario with line `number` (1-based) replaced.
std::string with_line(int number, const std::string& replacement) {
  std::vector<std::string> lines = kMini;
  lines.at(static_cast<std::size_t>(number - 1)) = replacement;
  return join(lines);
}

// The diagnostics of a text that must fail to load.
std::vector<Diagnostic> diagnostics_of(const std::string& text) {
  try {
    parse_scenario(text, "mini.textproto");
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << "the text loaded:\n" << text;
  return {};
}

// 1-based column of `token` in `line`.
int column_of(const std::string& line, const std::string& token) {
  return static_cast<int>(line.find(token)) + 1;
}

// Expects exactly one diagnostic, at `line` and `column`, about `field`, saying `says`.
void expect_one(const std::string& text, int line, int column, const std::string& field,
                const std::string& says) {
  const auto d = diagnostics_of(text);
  ASSERT_EQ(d.size(), 1u) << (d.empty() ? std::string() : d[0].str());
  EXPECT_EQ(d[0].file, "mini.textproto");
  EXPECT_EQ(d[0].line, line) << d[0].str();
  EXPECT_EQ(d[0].column, column) << d[0].str();
  EXPECT_EQ(d[0].field, field) << d[0].str();
  EXPECT_NE(d[0].message.find(says), std::string::npos) << d[0].str();
  EXPECT_NE(d[0].str().find("mini.textproto:" + std::to_string(line) + ":"), std::string::npos);
}

TEST(ScenarioLoader, MiniScenarioIsValid) {
  const LoadedScenario loaded = parse_scenario(join(kMini), "mini.textproto");
  EXPECT_EQ(loaded.origin, "mini.textproto");
  EXPECT_EQ(loaded.scenario.name(), "mini");
  EXPECT_EQ(loaded.scenario.nations_size(), 3);
  EXPECT_EQ(loaded.scenario.events(0).export_rule().action(), v1::BAN);
}

TEST(ScenarioLoader, BuiltInBaselineLoadsAndValidates) {
  const LoadedScenario loaded = load_scenario("baseline");
  EXPECT_EQ(loaded.origin, "built-in:baseline");
  EXPECT_EQ(loaded.scenario.name(), "baseline");
  EXPECT_GT(loaded.scenario.events_size(), 0);
  EXPECT_TRUE(validate_scenario(loaded.scenario, *loaded.source).empty());
  // The text as run is the library file's scenario: parsing it back gives the same message.
  std::ifstream file(std::string(BLOCSIM_SOURCE_DIR) + "/scenarios/library/baseline.textproto",
                     std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  const LoadedScenario from_file = parse_scenario(text.str(), "baseline.textproto");
  const LoadedScenario from_text = parse_scenario(loaded.text, "as-run");
  EXPECT_EQ(from_text.scenario.SerializeAsString(), from_file.scenario.SerializeAsString());
}

TEST(ScenarioLoader, LoadsAFileByPath) {
  const std::string path = std::string(BLOCSIM_TEST_DATA_DIR) + "/scenarios/data/mini.textproto";
  const LoadedScenario loaded = load_scenario(path);
  EXPECT_EQ(loaded.origin, path);
  EXPECT_EQ(loaded.scenario.name(), "mini-file");
}

TEST(ScenarioLoader, DiagnosticsNameTheFile) {
  const std::string path =
      std::string(BLOCSIM_TEST_DATA_DIR) + "/scenarios/data/unknown_lab.textproto";
  try {
    load_scenario(path);
    FAIL() << "loaded";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u) << e.what();
    const Diagnostic& d = e.diagnostics()[0];
    EXPECT_EQ(d.file, path);
    EXPECT_EQ(d.field, "events[0].price_change.lab");
    EXPECT_EQ(d.line, 16);  // the price_change line of the file
    EXPECT_NE(std::string(e.what()).find(path + ":16:"), std::string::npos) << e.what();
  }
}

TEST(ScenarioLoader, UnknownNameListsTheBuiltIns) {
  try {
    load_scenario("no-such-scenario");
    FAIL() << "loaded";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    const std::string message = e.diagnostics()[0].message;
    EXPECT_EQ(e.diagnostics()[0].file, "no-such-scenario");
    ASSERT_FALSE(embedded_scenarios().empty());
    for (const auto& builtin : embedded_scenarios()) {
      EXPECT_NE(message.find(std::string(builtin.name)), std::string::npos) << message;
    }
    EXPECT_NE(message.find("baseline"), std::string::npos) << message;
  }
}

TEST(ScenarioLoader, EmbeddedLibraryIsSortedByName) {
  const auto& library = embedded_scenarios();
  EXPECT_TRUE(std::is_sorted(library.begin(), library.end(),
                             [](const auto& a, const auto& b) { return a.name < b.name; }));
}

TEST(ScenarioLoader, UnknownChipInAnEvent) {
  const std::string line =
      R"(  export_rule { issuer: "USA" chips: ["tpu"] destinations: ["CHN"] action: BAN })";
  expect_one(with_line(34, line), 34, column_of(line, "chips"), "events[0].export_rule.chips[0]",
             "'tpu' is not a chip");
}

TEST(ScenarioLoader, RunEndBeforeStart) {
  const std::string line = R"(run { start: "2025-06" end: "2025-01" replicas: 2 seed: 1 })";
  // The event (2025-03) now lies outside the run as well: two diagnostics.
  const auto d = diagnostics_of(with_line(2, line));
  ASSERT_GE(d.size(), 1u);
  EXPECT_EQ(d[0].field, "run.end");
  EXPECT_EQ(d[0].line, 2);
  EXPECT_EQ(d[0].column, column_of(line, "end"));
  EXPECT_NE(d[0].message.find("before run.start"), std::string::npos);
}

TEST(ScenarioLoader, EventEndBeforeItsDate) {
  const std::string line = R"(  id: "ban" date: "2025-09" end: "2025-03")";
  expect_one(with_line(33, line), 33, column_of(line, "end"), "events[0].end",
             "must be after the event's date");
}

TEST(ScenarioLoader, ProbabilityOutOfRange) {
  const std::string line = R"(  leakage { id: "hubs" rate { fixed: 1.5 } markup: 0.5 })";
  expect_one(with_line(26, line), 26, column_of(line, "fixed"), "market.leakage[0].rate.fixed",
             "must be in [0, 1]");
  const std::string negative =
      R"(developers { agents: 100 ties_within: 4 rewire: -0.1 ties_across: 1 })";
  expect_one(with_line(23, negative), 23, column_of(negative, "rewire"), "developers.rewire",
             "must be in [0, 1]");
}

TEST(ScenarioLoader, DuplicateId) {
  const std::string line =
      R"(  id: "CHN" gdp_usd_tn: 0.5 population_m: 6 developers_m: 0.15 bloc_lean: 0.2)";
  expect_one(with_line(10, line), 10, column_of(line, "id"), "nations[2].id",
             "'CHN' is used twice");
}

TEST(ScenarioLoader, NegativeCapacity) {
  const std::string line = R"(  capacity { from: "2025-06" units_per_month: -5 })";
  expect_one(with_line(16, line), 16, column_of(line, "units_per_month"),
             "chips[0].capacity[1].units_per_month", "negative");
}

TEST(ScenarioLoader, SyntaxError) {
  const std::string line =
      R"(  algorithmic_efficiency: 1 qualty: 80 price_input: 1 price_output: 2)";
  const auto d = diagnostics_of(with_line(20, line));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].line, 20) << d[0].str();
  // Protobuf's parser reports an unknown field once it has read the token after its name (here
  // the colon), so the column points into "qualty:" rather than at its first letter.
  EXPECT_GE(d[0].column, column_of(line, "qualty")) << d[0].str();
  EXPECT_LE(d[0].column, column_of(line, "qualty:") + 6) << d[0].str();
  EXPECT_EQ(d[0].field, "");
  EXPECT_NE(d[0].message.find("qualty"), std::string::npos) << d[0].str();
  // What is allowed: the message's fields, and the nearest name.
  EXPECT_NE(d[0].message.find(R"(Lab has no field named "qualty" (did you mean "quality"?))"),
            std::string::npos)
      << d[0].str();
  EXPECT_NE(d[0].message.find("its fields are: id, name, home_nation, model, openness, "
                              "compute_share, algorithmic_efficiency, quality,"),
            std::string::npos)
      << d[0].str();
  // A name near none of them gets the list without a guess.
  const auto far = diagnostics_of(with_line(20, "  zzzzzzzz: 1"));
  ASSERT_EQ(far.size(), 1u);
  EXPECT_EQ(far[0].message.find("did you mean"), std::string::npos) << far[0].str();
  EXPECT_NE(far[0].message.find("its fields are: id,"), std::string::npos) << far[0].str();
}

TEST(ScenarioLoader, AnUnknownEnumValueListsTheValues) {
  const std::string line =
      R"(  export_rule { issuer: "USA" chips: ["gpu"] destinations: ["CHN"] action: BANN })";
  const auto d = diagnostics_of(with_line(34, line));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].line, 34);
  EXPECT_EQ(d[0].message, R"("BANN" is not a value of field "action" (did you mean "BAN"?); )"
                          "its values are: ALLOW, LICENCE, BAN");
}

// A second lab, for line 23 of the mini scenario (after the first lab).
std::string second_lab(const std::string& nation, const std::string& share) {
  return "labs { id: \"lab2\" home_nation: \"" + nation +
         "\" openness: CLOSED compute_share: " + share +
         " algorithmic_efficiency: 1 quality: 70 price_input: 1 price_output: 2 "
         "release_interval_months: 6 }";
}
std::string with_second_lab(const std::string& nation, const std::string& share) {
  return with_line(22, "}\n" + second_lab(nation, share));
}

TEST(ScenarioLoader, TheLabsOfANationTrainOnAtMostAllItsCompute) {
  // 0.1 + 0.95: each share is in [0, 1], the sum is not. The error is at the share that takes
  // the sum over 1.
  const auto d = diagnostics_of(with_second_lab("USA", "0.95"));
  ASSERT_EQ(d.size(), 1u) << (d.empty() ? std::string() : d[0].str());
  EXPECT_EQ(d[0].line, 23);
  EXPECT_EQ(d[0].column, column_of(second_lab("USA", "0.95"), "compute_share")) << d[0].str();
  EXPECT_EQ(d[0].field, "labs[1].compute_share");
  EXPECT_EQ(d[0].message,
            "the labs of USA train on 1.05 of its compute (lab 0.1 + lab2 0.95); the "
            "compute_share of a nation's labs must sum to at most 1");
  // All of it is allowed (0.1 + 0.9 = 1 up to rounding), and shares of different nations do not
  // add up.
  EXPECT_NO_THROW(parse_scenario(with_second_lab("USA", "0.9"), "mini.textproto"));
  EXPECT_NO_THROW(parse_scenario(with_second_lab("CHN", "0.95"), "mini.textproto"));
}

TEST(ScenarioLoader, LeakageRatesAtTheirLargestSumToAtMostOne) {
  const std::string two = R"(  leakage { id: "hubs" rate { fixed: 0.6 } markup: 0.5 } )"
                          R"(leakage { id: "grey" rate { uniform { lo: 0.1 hi: 0.5 } } })";
  const auto d = diagnostics_of(with_line(26, two));
  ASSERT_EQ(d.size(), 1u) << (d.empty() ? std::string() : d[0].str());
  EXPECT_EQ(d[0].line, 26);
  EXPECT_EQ(d[0].column, column_of(two, "rate { uniform"));
  EXPECT_EQ(d[0].field, "market.leakage[1].rate");
  EXPECT_NE(d[0].message.find("can sum to 1.1 (at their largest: hubs 0.6 + grey 0.5)"),
            std::string::npos)
      << d[0].str();
  std::string fits = two;
  fits.replace(fits.find("hi: 0.5"), 7, "hi: 0.4");
  EXPECT_NO_THROW(parse_scenario(with_line(26, fits), "mini.textproto"));
}

// The diagnostics of the built-in baseline with overrides, which must fail.
std::vector<Diagnostic> override_diagnostics(const std::vector<std::string>& overrides) {
  try {
    load_scenario("baseline", overrides);
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << "the overrides were accepted";
  return {};
}

TEST(ScenarioLoader, AValueFromSetIsBlamedOnTheOverride) {
  auto d = override_diagnostics({"market.leakage.hubs.rate=1.5"});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].str(),
            "--set market.leakage.hubs.rate=1.5: market.leakage[0].rate.fixed: is 1.5, must be in "
            "[0, 1]");
  // By index too, and the last of two overrides of one field is the one that counts.
  d = override_diagnostics({"labs[6].price_input=2", "labs[6].price_input=-1"});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].file, "--set labs[6].price_input=-1");
  EXPECT_EQ(d[0].field, "labs[6].price_input");
  // A sum over 1 is blamed on the share that was set, not on the file's last lab.
  d = override_diagnostics({"labs.alibaba.compute_share=0.9"});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].file, "--set labs.alibaba.compute_share=0.9");
  EXPECT_EQ(d[0].field, "labs[6].compute_share");
  // A problem with a field no override set stays at its line of the file.
  d = override_diagnostics({"run.end=2025-06", "developers.agents=2000"});
  ASSERT_FALSE(d.empty());
  for (const auto& diagnostic : d) {
    EXPECT_EQ(diagnostic.file, "built-in:baseline") << diagnostic.str();
    EXPECT_GT(diagnostic.line, 0) << diagnostic.str();
  }
}

TEST(ScenarioLoader, UnclosedBraceIsASyntaxError) {
  std::vector<std::string> lines = kMini;
  lines.pop_back();  // the last event's closing brace
  const auto d = diagnostics_of(join(lines));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].field, "");
  EXPECT_GE(d[0].line, 34) << d[0].str();  // at the end of the text
}

TEST(ScenarioLoader, EveryProblemIsReportedInOnePass) {
  std::vector<std::string> lines = kMini;
  lines[15] = R"(  capacity { from: "2025-06" units_per_month: -5 })";  // 16
  lines[33] =
      R"(  export_rule { issuer: "USA" chips: ["tpu"] destinations: ["CHN"] action: BAN })";  // 34
  const auto d = diagnostics_of(join(lines));
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].line, 16);
  EXPECT_EQ(d[1].line, 34);
}

}  // namespace
}  // namespace blocsim
