// ScenarioSource: a field path of a parsed scenario to its file, line and column, or to the
// nearest enclosing field the text has.
#include "blocsim/scenarios/scenario_source.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "blocsim/v1/scenario.pb.h"

namespace blocsim {
namespace {

ScenarioSource parse(const std::string& text) {
  auto tree = std::make_unique<google::protobuf::TextFormat::ParseInfoTree>();
  google::protobuf::TextFormat::Parser parser;
  parser.WriteLocationsTo(tree.get());
  v1::Scenario scenario;
  EXPECT_TRUE(parser.ParseFromString(text, &scenario));
  return ScenarioSource("my.textproto", std::move(tree), v1::Scenario::descriptor());
}

const char* const kText =
    "name: \"x\"\n"
    "events { id: \"a\" date: \"2025-01\" }\n"
    "events {\n"
    "  id: \"b\"\n"
    "  export_rule { issuer: \"USA\"\n"
    "                tariff: 0.25 }\n"
    "}\n";

TEST(ScenarioSource, AFieldOfAListElementIsFoundAtItsLineAndColumn) {
  const ScenarioSource source = parse(kText);
  const auto tariff = source.locate("events[1].export_rule.tariff");
  EXPECT_EQ(tariff.file, "my.textproto");
  EXPECT_EQ(tariff.line, 6);
  EXPECT_EQ(tariff.column, 17);
  const auto date = source.locate("events[0].date");
  EXPECT_EQ(date.line, 2);
  EXPECT_EQ(date.column, 18);
}

TEST(ScenarioSource, AFieldTheTextLacksIsPlacedAtItsNearestEnclosingField) {
  const ScenarioSource source = parse(kText);
  const auto cap = source.locate("events[1].export_rule.cap_per_quarter");
  EXPECT_EQ(cap.line, 5);  // export_rule's own place
  EXPECT_EQ(cap.column, 3);
  const auto rule = source.locate("events[1].export_rule");
  EXPECT_EQ(rule.line, cap.line);
  EXPECT_EQ(rule.column, cap.column);
}

TEST(ScenarioSource, APathOutsideTheTextHasNoLine) {
  const ScenarioSource source = parse(kText);
  EXPECT_EQ(source.locate("run.start").line, 0);
  EXPECT_EQ(source.locate("run.start").file, "my.textproto");
}

}  // namespace
}  // namespace blocsim
