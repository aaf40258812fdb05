// ScenarioSource: a field path ("events[1].export_rule.tariff") to the file, line and column (both
// 1-based) of its text; a path the file does not give goes to the nearest enclosing field; along
// `extends`, to the file that gave the field, following where each merged list element came from.
#include "blocsim/scenarios/scenario_source.hpp"

#include <gtest/gtest.h>

#include <string>

#include "scenario_test_support.hpp"

namespace {

using blocsim::ScenarioSource;
using blocsim::test_support::merge_onto;
using blocsim::test_support::parse_text;
using blocsim::test_support::ParsedText;

// Line and column of every field name below are asserted by the tests: edit with care.
const char* const kParent = R"(name: "parent"
run { start: "2025-01" end: "2025-12" }
events { id: "e1" date: "2025-03"
  export_rule { issuer: "USA" tariff: 0.25 } }
events { id: "e2" label: "two" date: "2025-06" }
market { leakage { id: "hubs" markup: 0.5 } })";

const char* const kChild = R"(extends: "parent.textproto"
list_mode { field: "events" mode: MERGE_BY_ID }
run { end: "2026-06" }
events { id: "e2" date: "2025-07" }
events { id: "e3" date: "2025-08" }
market { leakage { id: "grey" } })";

// "file:line:column", the way diagnostics print a place.
std::string at(const ScenarioSource::Place& place) {
  return place.file + ":" + std::to_string(place.line) + ":" + std::to_string(place.column);
}

TEST(ScenarioSource, APathIsFoundAtItsFieldName) {
  const ParsedText parent = parse_text(kParent, "parent.textproto");
  const ScenarioSource& source = *parent.source;
  EXPECT_EQ(at(source.locate("name")), "parent.textproto:1:1");
  EXPECT_EQ(at(source.locate("run.end")), "parent.textproto:2:24");
  EXPECT_EQ(source.locate("run.end").depth, 2);
  EXPECT_EQ(at(source.locate("events[0].export_rule.tariff")), "parent.textproto:4:31");
  EXPECT_EQ(source.locate("events[0].export_rule.tariff").depth, 3);
  EXPECT_EQ(at(source.locate("events[1].date")), "parent.textproto:5:32");
  EXPECT_EQ(at(source.locate("market.leakage[0].markup")), "parent.textproto:6:31");
}

TEST(ScenarioSource, AFieldNotGivenIsPlacedAtTheNearestEnclosingOne) {
  const ParsedText parent = parse_text(kParent, "parent.textproto");
  const auto place = parent.source->locate("events[0].export_rule.cap_per_quarter");
  EXPECT_EQ(at(place), "parent.textproto:4:3");
  EXPECT_EQ(place.depth, 2);
  EXPECT_EQ(at(parent.source->locate("run.replicas")), "parent.textproto:2:1");
}

TEST(ScenarioSource, AListNamedWholeIsPlacedAtItsFirstElement) {
  const ParsedText parent = parse_text(kParent, "parent.textproto");
  EXPECT_EQ(at(parent.source->locate("events")), "parent.textproto:3:1");
  EXPECT_EQ(at(parent.source->locate("events.date")), "parent.textproto:3:19");
}

TEST(ScenarioSource, APathOutsideTheTextHasNoPlace) {
  const ParsedText parent = parse_text(kParent, "parent.textproto");
  for (const std::string path : {"labs[0].quality", "no_such_field", "events[5].date", ""}) {
    const auto place = parent.source->locate(path);
    EXPECT_EQ(place.line, 0) << path;
    EXPECT_EQ(place.depth, 0) << path;
    EXPECT_EQ(place.file, "parent.textproto") << path;
  }
}

class ExtendingSource : public ::testing::Test {
 protected:
  ParsedText parent = parse_text(kParent, "parent.textproto");
  ParsedText child = parse_text(kChild, "child.textproto");
  blocsim::v1::Scenario merged = merge_onto(parent, child);
  const ScenarioSource& source() const { return *child.source; }
};

TEST_F(ExtendingSource, AFieldTheChildGaveIsInTheChild) {
  EXPECT_EQ(at(source().locate("run.end")), "child.textproto:3:7");
  EXPECT_EQ(at(source().locate("extends")), "child.textproto:1:1");
}

TEST_F(ExtendingSource, AFieldTheChildLeftOutIsInTheParent) {
  EXPECT_EQ(at(source().locate("run.start")), "parent.textproto:2:7");
  EXPECT_EQ(at(source().locate("name")), "parent.textproto:1:1");
}

// merged events: [e1 (the parent's), e2 (merged: date from the child, label from the parent),
// e3 (new in the child)].
TEST_F(ExtendingSource, AMergedListElementIsFollowedToWhereItsFieldsCameFrom) {
  ASSERT_EQ(merged.events_size(), 3);
  EXPECT_EQ(at(source().locate("events[0].export_rule.tariff")), "parent.textproto:4:31");
  EXPECT_EQ(at(source().locate("events[1].date")), "child.textproto:4:19");
  EXPECT_EQ(at(source().locate("events[1].label")), "parent.textproto:5:19");
  EXPECT_EQ(at(source().locate("events[2].date")), "child.textproto:5:19");
}

// An element the child added has nothing in the parent, even where the parent's list has an
// element at the same index.
TEST_F(ExtendingSource, AnElementTheChildAddedIsPlacedOnlyInTheChild) {
  EXPECT_EQ(at(source().locate("events[2].end")), "child.textproto:5:1");
  EXPECT_EQ(at(source().locate("events[2].export_rule.tariff")), "child.textproto:5:1");
}

// market.leakage given by the child replaces the parent's list, so the parent's markup (at the
// same path) is not where the merged leakage[0].markup came from.
TEST_F(ExtendingSource, ANestedListTheChildGaveIsWhollyTheChilds) {
  const auto place = source().locate("market.leakage[0].markup");
  EXPECT_EQ(at(place), "child.textproto:6:10");
  EXPECT_TRUE(place.owned);
}

TEST(ScenarioSource, AReplacedListHasNothingInTheParent) {
  const ParsedText parent = parse_text(kParent, "parent.textproto");
  ParsedText child = parse_text(R"(events { id: "x" date: "2025-09" })", "child.textproto");
  merge_onto(parent, child);
  EXPECT_EQ(at(child.source->locate("events[0].export_rule.tariff")), "child.textproto:1:1");
  EXPECT_EQ(at(child.source->locate("events[0].date")), "child.textproto:1:18");
}

TEST(ScenarioSource, AChainIsFollowedToTheFileThatGaveTheField) {
  const ParsedText parent = parse_text(kParent, "parent.textproto");
  ParsedText child = parse_text(kChild, "child.textproto");
  const ParsedText merged_child{merge_onto(parent, child), child.source, child.locations};
  ParsedText grandchild = parse_text(R"(name: "grandchild")", "grandchild.textproto");
  merge_onto(merged_child, grandchild);
  const ScenarioSource& source = *grandchild.source;
  EXPECT_EQ(at(source.locate("name")), "grandchild.textproto:1:1");
  EXPECT_EQ(at(source.locate("run.end")), "child.textproto:3:7");
  EXPECT_EQ(at(source.locate("run.start")), "parent.textproto:2:7");
  EXPECT_EQ(at(source.locate("events[0].export_rule.tariff")), "parent.textproto:4:31");
  EXPECT_EQ(at(source.locate("events[2].date")), "child.textproto:5:19");
}

}  // namespace
