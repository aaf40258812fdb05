// The memory estimate grows with what a run holds, and a run beyond the machine is refused with
// the figures.
#include "blocsim/scenarios/memory_estimate.hpp"

#include <gtest/gtest.h>

#include "blocsim/scenarios/replica_set.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"

namespace blocsim {
namespace {

TEST(MemoryEstimate, SeriesGrowWithReplicasAndWorldsWithThreadsAndDevelopers) {
  v1::Scenario s = load_scenario("baseline").scenario;
  const MemoryEstimate one = estimate_memory(s, 100, 2, false);
  const MemoryEstimate more = estimate_memory(s, 1000, 2, false);
  EXPECT_EQ(more.series, 10 * one.series);
  EXPECT_EQ(one.series, values_per_replica(s) * sizeof(double) * 100);
  EXPECT_EQ(estimate_memory(s, 100, 2, true).series, 2 * one.series);
  EXPECT_EQ(estimate_memory(s, 100, 4, false).worlds, 2 * one.worlds);
  EXPECT_EQ(estimate_memory(s, 1, 4, false).worlds, one.per_world);  // one replica, one world
  s.mutable_developers()->set_agents(s.developers().agents() * 10);
  EXPECT_GT(estimate_memory(s, 100, 2, false).per_world, 9 * one.per_world);
}

TEST(MemoryEstimate, ARefusalGivesTheFiguresAndTheWayOn) {
  MemoryEstimate e;
  e.worlds = 3'000'000'000;
  e.series = 2'000'000'000;
  EXPECT_EQ(memory_refusal(e, 6'000'000'000), "");
  EXPECT_EQ(memory_refusal(e, 0), "");  // unknown: not refused
  const std::string why = memory_refusal(e, 4'000'000'000);
  EXPECT_NE(why.find("about 5.0 GB"), std::string::npos) << why;
  EXPECT_NE(why.find("4.0 GB is available"), std::string::npos) << why;
  EXPECT_NE(why.find("--force"), std::string::npos) << why;
  EXPECT_GT(available_memory(), 0u);  // /proc/meminfo on Linux
}

}  // namespace
}  // namespace blocsim
