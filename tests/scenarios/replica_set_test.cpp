// run_replica_set: every replica's series in replica order, the same on any number of threads,
// resumed from a journal without running what it holds, and stopped between replicas on request.
#include "blocsim/scenarios/replica_set.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <vector>

#include "blocsim/scenarios/simulation.hpp"
#include "scenario_test_support.hpp"

namespace blocsim {
namespace {

using test_support::small_baseline;

TEST(ReplicaSet, SeriesComeInReplicaOrderAndDoNotDependOnThreads) {
  const v1::Scenario s = small_baseline();
  ReplicaSetOptions options;
  options.replicas = 5;
  options.seed = 3;
  options.threads = 1;
  const auto one = run_replica_set(s, options);
  options.threads = 2;
  const auto two = run_replica_set(s, options);
  ASSERT_EQ(one.size(), 5u);
  ASSERT_EQ(two.size(), 5u);
  for (std::uint32_t r = 0; r < 5; ++r) {
    EXPECT_EQ(one[r].values, two[r].values) << "replica " << r;
    EXPECT_EQ(one[r].values, run_replica(s, 3, r).values) << "replica " << r;
    EXPECT_EQ(one[r].values.size(), values_per_replica(s));
  }
  EXPECT_NE(one[0].values, one[1].values);
}

TEST(ReplicaSet, AResumedRunTakesTheJournalsReplicasAndRunsTheRest) {
  const v1::Scenario s = small_baseline();
  const auto path = std::filesystem::temp_directory_path() / "blocsim_replica_set.journal";
  // A marked series for replica 1, left by an earlier run: if this run returns it, it did not
  // recompute that replica.
  const std::vector<double> marked(values_per_replica(s), -7.0);
  {
    ReplicaJournal earlier(path, 9, values_per_replica(s), false);
    earlier.record(1, marked);
  }
  ReplicaJournal journal(path, 9, values_per_replica(s), true);
  std::uint32_t reported = 0;
  ReplicaSetOptions options;
  options.replicas = 3;
  options.seed = 3;
  options.journal = &journal;
  options.on_progress = [&](std::uint32_t finished, std::uint32_t) { reported = finished; };
  const auto series = run_replica_set(s, options);
  ASSERT_EQ(series.size(), 3u);
  EXPECT_EQ(series[1].values, marked);
  EXPECT_EQ(series[0].values, run_replica(s, 3, 0).values);
  EXPECT_EQ(series[2].values, run_replica(s, 3, 2).values);
  EXPECT_EQ(reported, 3u);
  // The two it ran were recorded too.
  EXPECT_EQ(ReplicaJournal(path, 9, values_per_replica(s), true).finished().size(), 3u);
  journal.remove();
}

TEST(ReplicaSet, AStopRequestEndsTheRunWithRunInterrupted) {
  const v1::Scenario s = small_baseline();
  const std::atomic<bool> stop{true};
  ReplicaSetOptions options;
  options.replicas = 4;
  options.stop = &stop;
  EXPECT_THROW(run_replica_set(s, options), RunInterrupted);
}

}  // namespace
}  // namespace blocsim
