#pragma once
// Test support shared by the scenario tests: a small baseline world, metric lookup, and scenario
// texts parsed and merged as the loader does.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>

#include <google/protobuf/text_format.h>

#include "blocsim/scenarios/metrics_catalog.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/scenarios/scenario_merge.hpp"
#include "blocsim/scenarios/scenario_source.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim::test_support {

// The built-in baseline with 3000 developer agents: the whole world, quick to run.
inline v1::Scenario small_baseline() {
  v1::Scenario s = load_scenario("baseline").scenario;
  s.mutable_developers()->set_agents(3000);
  return s;
}

// The index of a metric in the scenario's catalogue, as Simulation::metric reads it. Fails the
// calling test (without stopping it) when the scenario has no metric of that name.
inline std::size_t metric_id(const v1::Scenario& s, const std::string& name) {
  const auto defs = metric_catalog(s);
  const auto it =
      std::find_if(defs.begin(), defs.end(), [&](const auto& d) { return d.name == name; });
  EXPECT_NE(it, defs.end()) << name;
  return static_cast<std::size_t>(it - defs.begin());
}

// One scenario text parsed as the loader parses it (no validation, no `extends`): the message and
// where its fields are. Fails the calling test when the text does not parse.
struct ParsedText {
  v1::Scenario scenario;
  std::shared_ptr<ScenarioSource> source;
  const google::protobuf::TextFormat::ParseInfoTree* locations = nullptr;  // owned by source
};

inline ParsedText parse_text(const std::string& text, const std::string& origin) {
  ParsedText parsed;
  auto tree = std::make_unique<google::protobuf::TextFormat::ParseInfoTree>();
  google::protobuf::TextFormat::Parser parser;
  parser.WriteLocationsTo(tree.get());
  EXPECT_TRUE(parser.ParseFromString(text, &parsed.scenario)) << origin;
  parsed.locations = tree.get();
  parsed.source =
      std::make_shared<ScenarioSource>(origin, std::move(tree), v1::Scenario::descriptor());
  return parsed;
}

// `child` merged onto `parent` as `extends` does; child.source learns its parent and where the
// elements of the merged lists came from.
inline v1::Scenario merge_onto(const ParsedText& parent, ParsedText& child) {
  v1::Scenario merged = parent.scenario;
  child.source->parent = parent.source;
  merge_scenario(merged, child.scenario, *child.locations, *child.source);
  return merged;
}

}  // namespace blocsim::test_support
