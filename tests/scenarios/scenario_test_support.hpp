#pragma once
// Test support shared by the scenario tests: a small baseline world and metric lookup.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <string>

#include "blocsim/scenarios/metrics_catalog.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
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

}  // namespace blocsim::test_support
