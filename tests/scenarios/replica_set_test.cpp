// run_replica_set: every replica's series in replica order, the same for any number of threads;
// replicas a journal holds are not run again, finished ones are journalled, and a run stopped
// between replicas then resumed gives the results of one uninterrupted run.
#include "blocsim/scenarios/replica_set.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "blocsim/core/replica_journal.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/scenarios/simulation.hpp"
#include "support/scratch_folder.hpp"

namespace {

using blocsim::ReplicaJournal;
using blocsim::ReplicaSeries;
using blocsim::ReplicaSetOptions;
using blocsim::run_replica_set;
using blocsim::test_support::ScratchFolder;

constexpr std::uint64_t kSeed = 11;
constexpr std::uint32_t kReplicas = 4;

// Two nations, six months, 200 developers: quick enough to run many times.
const blocsim::v1::Scenario& mini() {
  static const blocsim::v1::Scenario scenario =
      blocsim::load_scenario(std::string(BLOCSIM_TEST_DATA_DIR) + "/scenarios/data/mini.textproto")
          .scenario;
  return scenario;
}

ReplicaSetOptions options(std::uint32_t threads) {
  ReplicaSetOptions o;
  o.replicas = kReplicas;
  o.seed = kSeed;
  o.threads = threads;
  return o;
}

std::vector<std::vector<double>> values(const std::vector<ReplicaSeries>& series) {
  std::vector<std::vector<double>> out;
  for (const auto& s : series) out.push_back(s.values);
  return out;
}

// The uninterrupted run on one thread, which every other way of running must reproduce.
const std::vector<std::vector<double>>& reference() {
  static const auto once = values(run_replica_set(mini(), options(1)));
  return once;
}

TEST(ReplicaSet, EveryReplicaHasOneFullSeries) {
  const auto& series = reference();
  ASSERT_EQ(series.size(), kReplicas);
  const std::size_t width = blocsim::values_per_replica(mini());
  EXPECT_GT(width, 0u);
  for (const auto& s : series) EXPECT_EQ(s.size(), width);
}

TEST(ReplicaSet, SeriesComeInReplicaOrder) {
  const auto& series = reference();
  for (std::uint32_t r = 0; r < kReplicas; ++r) {
    EXPECT_EQ(series[r], blocsim::run_replica(mini(), kSeed, r).values) << "replica " << r;
  }
  // Otherwise the order could not be told apart.
  EXPECT_NE(series[0], series[1]);
}

TEST(ReplicaSet, OneTwoAndAllThreadsGiveTheSameSeries) {
  EXPECT_EQ(values(run_replica_set(mini(), options(2))), reference());
  EXPECT_EQ(values(run_replica_set(mini(), options(0))), reference());
}

TEST(ReplicaSet, AnotherSeedGivesOtherSeries) {
  ReplicaSetOptions o = options(2);
  o.seed = kSeed + 1;
  EXPECT_NE(values(run_replica_set(mini(), o)), reference());
}

TEST(ReplicaSet, ProgressCountsUpToTheReplicas) {
  std::atomic<std::uint32_t> calls{0};
  std::atomic<std::uint32_t> highest{0};
  std::atomic<bool> total_right{true};
  ReplicaSetOptions o = options(2);
  o.on_progress = [&](std::uint32_t finished, std::uint32_t total) {
    ++calls;
    if (total != kReplicas) total_right = false;
    std::uint32_t seen = highest.load();
    while (finished > seen && !highest.compare_exchange_weak(seen, finished)) {
    }
  };
  run_replica_set(mini(), o);
  EXPECT_EQ(calls.load(), kReplicas);
  EXPECT_EQ(highest.load(), kReplicas);
  EXPECT_TRUE(total_right.load());
}

// A replica the journal already holds is taken from it, not run: a sentinel series proves it.
TEST(ReplicaSet, AJournalledReplicaIsNotRunAgainAndTheOthersAreJournalled) {
  ScratchFolder folder;
  const std::size_t width = blocsim::values_per_replica(mini());
  const std::vector<double> sentinel(width, 42.0);
  ReplicaJournal(folder / "journal", 1, width, false).record(2, sentinel);

  ReplicaJournal journal(folder / "journal", 1, width, true);
  ReplicaSetOptions o = options(2);
  o.journal = &journal;
  const auto series = values(run_replica_set(mini(), o));
  ASSERT_EQ(series.size(), kReplicas);
  EXPECT_EQ(series[2], sentinel);
  for (const std::uint32_t r : {0u, 1u, 3u}) EXPECT_EQ(series[r], reference()[r]) << r;

  const auto kept = ReplicaJournal(folder / "journal", 1, width, true).finished();
  ASSERT_EQ(kept.size(), kReplicas);
  for (std::uint32_t r = 0; r < kReplicas; ++r) EXPECT_EQ(kept.at(r), series[r]) << r;
}

TEST(ReplicaSet, AStopBeforeTheFirstReplicaRunsNone) {
  const std::atomic<bool> stop{true};
  ReplicaSetOptions o = options(2);
  o.stop = &stop;
  try {
    run_replica_set(mini(), o);
    FAIL() << "expected RunInterrupted";
  } catch (const blocsim::RunInterrupted& e) {
    EXPECT_EQ(e.finished(), 0u);
    EXPECT_EQ(e.total(), kReplicas);
  }
}

// Ctrl-C after two replicas, then --resume: the journal carries the finished replicas over, and
// the results equal those of a run never interrupted.
TEST(ReplicaSet, AStoppedRunResumedEqualsAnUninterruptedOne) {
  ScratchFolder folder;
  const std::size_t width = blocsim::values_per_replica(mini());
  std::atomic<bool> stop{false};
  {
    ReplicaJournal journal(folder / "journal", 7, width, false);
    ReplicaSetOptions o = options(1);
    o.journal = &journal;
    o.stop = &stop;
    o.on_progress = [&](std::uint32_t finished, std::uint32_t) {
      if (finished == 2) stop = true;
    };
    try {
      run_replica_set(mini(), o);
      FAIL() << "expected RunInterrupted";
    } catch (const blocsim::RunInterrupted& e) {
      EXPECT_EQ(e.finished(), 2u);
    }
  }
  ReplicaJournal journal(folder / "journal", 7, width, true);
  EXPECT_EQ(journal.finished().size(), 2u);
  ReplicaSetOptions o = options(2);
  o.journal = &journal;
  EXPECT_EQ(values(run_replica_set(mini(), o)), reference());
}

}  // namespace
