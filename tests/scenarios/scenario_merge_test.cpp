// merge_scenario, the `extends` rules of docs/SCENARIOS.md: given scalars replace the parent's
// (an explicit 0 too), messages merge field by field, a Distribution and a list inside a message
// are replaced whole, and the top-level lists follow their list_mode (REPLACE by default, APPEND,
// MERGE_BY_ID), with a record of where each element came from.
#include "blocsim/scenarios/scenario_merge.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenario_test_support.hpp"

namespace {

using blocsim::test_support::merge_onto;
using blocsim::test_support::parse_text;
using blocsim::test_support::ParsedText;

const char* const kParent = R"(
name: "parent"
description: "the parent's question"
run { start: "2025-01" end: "2025-12" replicas: 20 seed: 7 }
chips { id: "gpu" price_usd: 25000 capacity_factor { uniform { lo: 0.5 hi: 1.5 } }
        capacity { from: "2025-01" units_per_month: 1000 } capacity { from: "2026-01" units_per_month: 2000 } }
chips { id: "npu" price_usd: 9000 }
market { capex_chip_share: 0.6 h100e_per_gw: 700000
         leakage { id: "hubs" markup: 0.5 } leakage { id: "grey" markup: 1.0 } }
lab_dynamics { distillation_margin: 2 open_weight_margin: 3 }
alignment { rate: 0.1 pull: 0.4 }
responses { import_substitution: true }
events { id: "e1" label: "one" date: "2025-03"
         export_rule { issuer: "USA" chips: ["gpu", "npu"] destinations: ["CHN"] action: BAN } }
events { id: "e2" label: "two" date: "2025-06" duration_months { fixed: 6 }
         price_change { lab: "uslab" factor: 0.5 } }
uncertain { path: "adoption.mu" value { uniform { lo: 1 hi: 2 } } }
)";

std::vector<std::string> ids(const blocsim::v1::Scenario& s) {
  std::vector<std::string> out;
  for (const auto& e : s.events()) out.push_back(e.id());
  return out;
}

struct Merged {
  ParsedText parent = parse_text(kParent, "parent.textproto");
  ParsedText child;
  blocsim::v1::Scenario scenario;
  explicit Merged(const std::string& child_text)
      : child(parse_text(child_text, "child.textproto")), scenario(merge_onto(parent, child)) {}
  const std::vector<int>& origin(const std::string& list) {
    return child.source->list_origin[list];
  }
  const std::vector<int>& counterpart(const std::string& list) {
    return child.source->list_counterpart[list];
  }
};

TEST(ScenarioMerge, AnEmptyChildIsTheParent) {
  Merged m("");
  EXPECT_EQ(m.scenario.SerializeAsString(), m.parent.scenario.SerializeAsString());
  // Every top-level list records its elements as the parent's, given or not.
  EXPECT_EQ(m.origin("events"), (std::vector<int>{-1, -2}));
  EXPECT_EQ(m.counterpart("events"), (std::vector<int>{0, 1}));
  EXPECT_EQ(m.origin("chips"), (std::vector<int>{-1, -2}));
  EXPECT_TRUE(m.origin("labs").empty());
}

TEST(ScenarioMerge, GivenScalarsReplaceEvenWithZeroFalseOrEmpty) {
  Merged m(
      R"(name: "child" description: "" run { seed: 0 } responses { import_substitution: false })");
  EXPECT_EQ(m.scenario.name(), "child");
  EXPECT_EQ(m.scenario.description(), "");
  EXPECT_EQ(m.scenario.run().seed(), 0u);
  EXPECT_FALSE(m.scenario.responses().import_substitution());
  // The fields beside them that the child did not give keep the parent's values.
  EXPECT_EQ(m.scenario.run().start(), "2025-01");
  EXPECT_EQ(m.scenario.run().end(), "2025-12");
  EXPECT_EQ(m.scenario.run().replicas(), 20u);
}

TEST(ScenarioMerge, MessagesMergeFieldByField) {
  Merged m("lab_dynamics { open_weight_margin: 0 } market { capex_chip_share: 0.5 }");
  EXPECT_EQ(m.scenario.lab_dynamics().open_weight_margin(), 0.0);
  EXPECT_EQ(m.scenario.lab_dynamics().distillation_margin(), 2.0);
  EXPECT_EQ(m.scenario.market().capex_chip_share(), 0.5);
  EXPECT_EQ(m.scenario.market().h100e_per_gw(), 700000.0);
  EXPECT_EQ(m.scenario.market().leakage_size(), 2);
}

TEST(ScenarioMerge, AnEmptyMessageBlockChangesNothing) {
  Merged m("alignment { } lab_dynamics { }");
  EXPECT_EQ(m.scenario.alignment().rate(), 0.1);
  EXPECT_EQ(m.scenario.alignment().pull(), 0.4);
  EXPECT_EQ(m.scenario.lab_dynamics().open_weight_margin(), 3.0);
}

TEST(ScenarioMerge, AListInsideAMessageIsReplacedWhole) {
  Merged m(R"(market { leakage { id: "subsidiaries" markup: 0.2 } })");
  ASSERT_EQ(m.scenario.market().leakage_size(), 1);
  EXPECT_EQ(m.scenario.market().leakage(0).id(), "subsidiaries");
  EXPECT_EQ(m.scenario.market().capex_chip_share(), 0.6);
}

TEST(ScenarioMerge, ReplaceIsTheDefaultForTopLevelLists) {
  for (const std::string mode : {"", R"(list_mode { field: "events" mode: REPLACE })",
                                 R"(list_mode { field: "chips" mode: APPEND })"}) {
    Merged m(mode + R"( events { id: "e3" date: "2025-09" price_change { lab: "x" factor: 2 } })");
    EXPECT_EQ(ids(m.scenario), (std::vector<std::string>{"e3"})) << mode;
    EXPECT_EQ(m.origin("events"), (std::vector<int>{0})) << mode;
    EXPECT_EQ(m.counterpart("events"), (std::vector<int>{-1})) << mode;
    // A list the child does not give stays the parent's whatever the mode of another list.
    EXPECT_EQ(m.scenario.chips_size(), 2) << mode;
  }
}

TEST(ScenarioMerge, AppendFollowsTheParentsElements) {
  Merged m(R"(list_mode { field: "events" mode: APPEND }
              events { id: "e3" date: "2025-09" price_change { lab: "x" factor: 2 } }
              events { id: "e4" date: "2025-10" price_change { lab: "y" factor: 3 } })");
  EXPECT_EQ(ids(m.scenario), (std::vector<std::string>{"e1", "e2", "e3", "e4"}));
  EXPECT_EQ(m.origin("events"), (std::vector<int>{-1, -2, 0, 1}));
  EXPECT_EQ(m.counterpart("events"), (std::vector<int>{0, 1, -1, -1}));
  EXPECT_TRUE(m.scenario.events(0).has_export_rule());
}

TEST(ScenarioMerge, MergeByIdModifiesTheSameIdAndAppendsNewOnes) {
  Merged m(R"(list_mode { field: "events" mode: MERGE_BY_ID }
              events { id: "e9" date: "2026-01" price_change { lab: "x" factor: 2 } }
              events { id: "e1" label: "one, later" date: "2025-04" })");
  EXPECT_EQ(ids(m.scenario), (std::vector<std::string>{"e1", "e2", "e9"}));
  const auto& e1 = m.scenario.events(0);
  EXPECT_EQ(e1.label(), "one, later");
  EXPECT_EQ(e1.date(), "2025-04");
  ASSERT_TRUE(e1.has_export_rule());
  EXPECT_EQ(e1.export_rule().chips_size(), 2);
  // e1 is the child's second element, kept at the parent's place; e9 is appended.
  EXPECT_EQ(m.origin("events"), (std::vector<int>{1, -2, 0}));
  EXPECT_EQ(m.counterpart("events"), (std::vector<int>{0, 1, -1}));
}

TEST(ScenarioMerge, MergeByIdReplacesANestedListAndADistributionWhole) {
  Merged m(R"(list_mode { field: "events" mode: MERGE_BY_ID }
              list_mode { field: "chips" mode: MERGE_BY_ID }
              events { id: "e1" export_rule { chips: ["npu"] } }
              events { id: "e2" duration_months { uniform { lo: 2 hi: 4 } } }
              chips { id: "gpu" capacity_factor { uniform { hi: 2 } }
                      capacity { from: "2027-01" units_per_month: 5 } })");
  const auto& rule = m.scenario.events(0).export_rule();
  EXPECT_EQ(std::vector<std::string>(rule.chips().begin(), rule.chips().end()),
            std::vector<std::string>{"npu"});
  EXPECT_EQ(rule.issuer(), "USA");  // the rule's scalars merge field by field
  EXPECT_EQ(rule.destinations_size(), 1);
  EXPECT_FALSE(m.scenario.events(1).duration_months().has_fixed());
  EXPECT_EQ(m.scenario.events(1).duration_months().uniform().hi(), 4.0);
  const auto& gpu = m.scenario.chips(0);
  // A distribution is replaced whole: the parent's lo does not survive beside the child's hi.
  EXPECT_EQ(gpu.capacity_factor().uniform().lo(), 0.0);
  EXPECT_EQ(gpu.capacity_factor().uniform().hi(), 2.0);
  ASSERT_EQ(gpu.capacity_size(), 1);
  EXPECT_EQ(gpu.capacity(0).from(), "2027-01");
  EXPECT_EQ(gpu.price_usd(), 25000.0);
  EXPECT_EQ(m.scenario.chips(1).id(), "npu");
}

// An event has exactly one effect: giving another one replaces it.
TEST(ScenarioMerge, AMergedEventMayChangeItsEffect) {
  Merged m(R"(list_mode { field: "events" mode: MERGE_BY_ID }
              events { id: "e1" price_change { lab: "cnlab" factor: 0.8 } })");
  const auto& e1 = m.scenario.events(0);
  EXPECT_FALSE(e1.has_export_rule());
  ASSERT_TRUE(e1.has_price_change());
  EXPECT_EQ(e1.price_change().lab(), "cnlab");
  EXPECT_EQ(e1.date(), "2025-03");
}

// An uncertain field is identified by its path.
TEST(ScenarioMerge, MergeByIdOnUncertainMatchesThePath) {
  Merged m(R"(list_mode { field: "uncertain" mode: MERGE_BY_ID }
              uncertain { path: "adoption.mu" value { fixed: 1.5 } }
              uncertain { path: "adoption.network_j" value { fixed: 2 } })");
  ASSERT_EQ(m.scenario.uncertain_size(), 2);
  EXPECT_EQ(m.scenario.uncertain(0).path(), "adoption.mu");
  EXPECT_TRUE(m.scenario.uncertain(0).value().has_fixed());
  EXPECT_FALSE(m.scenario.uncertain(0).value().has_uniform());
  EXPECT_EQ(m.scenario.uncertain(1).path(), "adoption.network_j");
}

// The child's own `extends` and `list_mode` are how to merge, not fields of the result.
TEST(ScenarioMerge, ExtendsAndListModeAreNotCopied) {
  Merged m(R"(extends: "parent.textproto" list_mode { field: "events" mode: APPEND })");
  EXPECT_EQ(m.scenario.extends(), "");
  EXPECT_EQ(m.scenario.list_mode_size(), 0);
  EXPECT_EQ(m.scenario.events_size(), 2);
}

}  // namespace
