// The uncertain parameters' registry (scenarios/parameters.hpp): what results export as a
// replica's draw of a field is the value that replica's model runs with.
#include "blocsim/scenarios/parameters.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/scenarios/simulation.hpp"

namespace blocsim {
namespace {

double exported_draw(const UncertainParameter& p, ReplicaKey key) {
  return draw_parameter(to_distribution(p.distribution), p.path, key, p.fallback);
}

TEST(UncertainParameters, TheExportedDrawsAreTheOnesTheReplicaRunsWith) {
  const LoadedScenario loaded = load_scenario("baseline");
  const auto parameters = uncertain_parameters(loaded.scenario);
  int leakage = 0;
  int durations = 0;
  for (std::uint32_t replica = 0; replica < 3; ++replica) {
    const ReplicaKey key = ReplicaKey::make(11, replica);
    const Simulation sim(loaded.scenario, 11, replica);
    const auto& channels = sim.world().market.leakage;
    for (const auto& p : parameters) {
      for (const auto& c : channels) {
        if (p.path == parameter_path("market.leakage", c.id, "rate")) {
          EXPECT_DOUBLE_EQ(c.rate, std::clamp(exported_draw(p, key), 0.0, 1.0)) << p.path;
          ++leakage;
        }
        if (p.path == parameter_path("market.leakage", c.id, "interdiction")) {
          EXPECT_DOUBLE_EQ(c.interdiction, std::clamp(exported_draw(p, key), 0.0, 1.0)) << p.path;
          ++leakage;
        }
      }
      // A dated event with a drawn duration is in force for that many months (or to the run's
      // end, if that comes first).
      for (int e = 0; e < loaded.scenario.events_size(); ++e) {
        const auto& event = loaded.scenario.events(e);
        if (p.path != kEventDuration.path(event) || event.has_trigger()) continue;
        const auto& [first, end] = sim.schedule().windows()[static_cast<std::size_t>(e)].front();
        const long months = std::lround(std::max(0.0, exported_draw(p, key)));
        EXPECT_EQ(end - first, months) << p.path;
        ++durations;
      }
    }
  }
  EXPECT_GT(leakage, 0);    // the baseline's smuggling channel is uncertain
  EXPECT_GT(durations, 0);  // and so is how long China's customs block lasts
}

TEST(UncertainParameters, OnlyGivenDistributionFieldsAreListedUnderTheRegistrysPaths) {
  v1::Scenario s;
  auto* chip = s.add_chips();
  chip->set_id("gpu");
  s.add_chips()->set_id("npu");  // no capacity_factor: not uncertain
  chip->mutable_capacity_factor()->mutable_uniform()->set_lo(0.5);
  chip->mutable_capacity_factor()->mutable_uniform()->set_hi(1.5);
  auto* ended = s.add_events();
  ended->set_id("ended");
  ended->set_end("2026-01");
  ended->mutable_duration_months()->set_fixed(3);  // an end date wins: not drawn
  const auto parameters = uncertain_parameters(s);
  ASSERT_EQ(parameters.size(), 1u);
  EXPECT_EQ(parameters[0].path, "chips[gpu].capacity_factor");
  EXPECT_EQ(parameters[0].fallback, kChipCapacityFactor.fallback);
}

}  // namespace
}  // namespace blocsim
