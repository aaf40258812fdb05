// merge_scenario (`extends`): what an extending file gives overrides its parent's, list by list
// as its list_mode says (docs/SCENARIOS.md, "Extending a scenario").
#include "blocsim/scenarios/scenario_merge.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace blocsim {
namespace {

using google::protobuf::TextFormat;

v1::Scenario text(const std::string& s, TextFormat::ParseInfoTree* tree = nullptr) {
  TextFormat::Parser parser;
  if (tree != nullptr) parser.WriteLocationsTo(tree);
  v1::Scenario out;
  EXPECT_TRUE(parser.ParseFromString(s, &out)) << s;
  return out;
}

// The parent merged with the child given as text.
v1::Scenario extend(const v1::Scenario& parent, const std::string& child_text) {
  TextFormat::ParseInfoTree tree;
  const v1::Scenario child = text(child_text, &tree);
  auto source_tree = std::make_unique<TextFormat::ParseInfoTree>();
  text(child_text, source_tree.get());
  ScenarioSource source("child", std::move(source_tree), v1::Scenario::descriptor());
  v1::Scenario merged = parent;
  merge_scenario(merged, child, tree, source);
  return merged;
}

const v1::Scenario& parent() {
  static const v1::Scenario p = text(R"(
    name: "parent"
    adoption { mu: 2 network_j: 1.5 }
    labs { id: "a" price_input: 1 }
    labs { id: "b" price_input: 2 }
    events { id: "e1" date: "2025-01" duration_months { uniform { lo: 6 hi: 12 } } }
    events { id: "e2" date: "2025-06" })");
  return p;
}

TEST(ScenarioMerge, GivenScalarsOverrideAndAnExplicitZeroCounts) {
  const v1::Scenario m = extend(parent(), R"(name: "child" adoption { network_j: 0 })");
  EXPECT_EQ(m.name(), "child");
  EXPECT_EQ(m.adoption().network_j(), 0.0);  // given as 0: overrides
  EXPECT_EQ(m.adoption().mu(), 2.0);         // not given: the parent's
}

TEST(ScenarioMerge, AListReplacesTheParentsByDefault) {
  const v1::Scenario m = extend(parent(), R"(labs { id: "c" price_input: 3 })");
  ASSERT_EQ(m.labs_size(), 1);
  EXPECT_EQ(m.labs(0).id(), "c");
  EXPECT_EQ(m.events_size(), 2);  // a list the child does not give stays
}

TEST(ScenarioMerge, AppendPutsTheChildsElementsAfterTheParents) {
  const v1::Scenario m = extend(parent(), R"(
    list_mode { field: "labs" mode: APPEND }
    labs { id: "c" })");
  ASSERT_EQ(m.labs_size(), 3);
  EXPECT_EQ(m.labs(2).id(), "c");
}

TEST(ScenarioMerge, MergeByIdModifiesTheElementAndReplacesADistributionWhole) {
  const v1::Scenario m = extend(parent(), R"(
    list_mode { field: "events" mode: MERGE_BY_ID }
    events { id: "e1" duration_months { fixed: 3 } }
    events { id: "e3" date: "2026-01" })");
  ASSERT_EQ(m.events_size(), 3);
  EXPECT_EQ(m.events(0).date(), "2025-01");  // kept from the parent's e1
  EXPECT_TRUE(m.events(0).duration_months().has_fixed());
  EXPECT_FALSE(m.events(0).duration_months().has_uniform());  // replaced, not merged
  EXPECT_EQ(m.events(2).id(), "e3");                          // a new id is appended
}

TEST(ScenarioMerge, MergeByIdMatchesUncertainFieldsByTheirPath) {
  v1::Scenario with_uncertain = parent();
  auto* mu = with_uncertain.add_uncertain();
  mu->set_path("adoption.mu");
  mu->mutable_value()->set_fixed(1.0);
  const v1::Scenario m = extend(with_uncertain, R"(
    list_mode { field: "uncertain" mode: MERGE_BY_ID }
    uncertain { path: "adoption.mu" value { fixed: 2 } }
    uncertain { path: "adoption.network_j" value { fixed: 1 } })");
  ASSERT_EQ(m.uncertain_size(), 2);
  EXPECT_EQ(m.uncertain(0).path(), "adoption.mu");
  EXPECT_EQ(m.uncertain(0).value().fixed(), 2.0);
  EXPECT_EQ(m.uncertain(1).path(), "adoption.network_j");
}

}  // namespace
}  // namespace blocsim
