#include "blocsim/scenarios/run_scenario.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "blocsim/core/results_io.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"

namespace blocsim {
namespace {

// The baseline with few developer agents, so that eight replicas run in a second or two.
LoadedScenario small_baseline() {
  LoadedScenario loaded = load_scenario("baseline");
  loaded.scenario.mutable_developers()->set_agents(3000);
  return loaded;
}

TEST(RunScenario, ResultsDoNotDependOnThreadCount) {
  const LoadedScenario loaded = small_baseline();
  RunOptions options;
  options.replicas = 8;
  options.threads = 1;
  const v1::RunResult one = run_scenario(loaded, options);
  options.threads = 2;
  const v1::RunResult two = run_scenario(loaded, options);

  EXPECT_EQ(one.replicas(), 8u);
  EXPECT_EQ(one.seed(), loaded.scenario.run().seed());
  EXPECT_EQ(one.dates_size(), 72);
  ASSERT_EQ(one.metrics_size(), static_cast<int>(metric_catalog(loaded.scenario).size()));
  EXPECT_EQ(one.metrics(0).steps_size(), 72);
  const std::string bytes_one = results_without_provenance(one);
  EXPECT_FALSE(bytes_one.empty());
  EXPECT_EQ(bytes_one, results_without_provenance(two));
}

TEST(RunScenario, SeedAndReplicaCountComeFromOptionsOrScenario) {
  const LoadedScenario loaded = small_baseline();
  RunOptions options;
  options.replicas = 2;
  options.threads = 1;
  options.seed = 12345;
  options.has_seed = true;
  std::atomic<std::uint32_t> calls{0};
  std::atomic<std::uint32_t> last_total{0};
  options.on_progress = [&](std::uint32_t, std::uint32_t total) {
    ++calls;
    last_total = total;
  };
  const v1::RunResult seeded = run_scenario(loaded, options);
  EXPECT_EQ(seeded.seed(), 12345u);
  EXPECT_EQ(seeded.replicas(), 2u);
  EXPECT_EQ(calls.load(), 2u);
  EXPECT_EQ(last_total.load(), 2u);

  options.has_seed = false;
  options.on_progress = nullptr;
  const v1::RunResult default_seed = run_scenario(loaded, options);
  EXPECT_EQ(default_seed.seed(), loaded.scenario.run().seed());
  // Another seed, other replicas: the last month's mean adoption differs.
  const int china = static_cast<int>(
      metric_index(metric_catalog(loaded.scenario), "adoption.world.origin.china"));
  EXPECT_NE(seeded.metrics(china).steps(71).mean(), default_seed.metrics(china).steps(71).mean());
}

}  // namespace
}  // namespace blocsim
