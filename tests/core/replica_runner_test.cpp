#include "blocsim/core/replica_runner.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "blocsim/core/random_stream.hpp"
#include "blocsim/core/results_io.hpp"
#include "blocsim/core/run_summary.hpp"

namespace blocsim {
namespace {

// A replica that does real random work of uneven length, so threads finish out of order.
ReplicaSeries noisy_replica(std::uint32_t replica) {
  RandomStream stream(ReplicaKey::make(42, replica), Purpose::kTest, 0, 0);
  const int work = 1000 + static_cast<int>(stream.below(20000));
  double sum = 0.0;
  for (int i = 0; i < work; ++i) sum += stream.normal();
  return ReplicaSeries{{sum, stream.uniform(), static_cast<double>(replica)}};
}

std::string run_bytes(std::uint32_t threads) {
  RunnerConfig config;
  config.replicas = 64;
  config.threads = threads;
  const auto series = run_replicas<ReplicaSeries>(config, noisy_replica);
  RunDescription run;
  run.scenario_name = "test";
  run.dates = {"2025-01"};
  run.per_replica = true;
  const std::vector<MetricDef> metrics = {{"a", "x", "a"}, {"b", "x", "b"}, {"c", "x", "c"}};
  return results_without_provenance(summarize_run(run, metrics, series));
}

TEST(ReplicaRunner, OutputsAreInReplicaOrder) {
  RunnerConfig config;
  config.first_replica = 10;
  config.replicas = 50;
  config.threads = 2;
  const auto out = run_replicas<ReplicaSeries>(config, noisy_replica);
  ASSERT_EQ(out.size(), 50u);
  for (std::uint32_t i = 0; i < 50; ++i) EXPECT_EQ(out[i].values[2], 10.0 + i);
}

TEST(ReplicaRunner, OneTwoAndFourThreadsGiveIdenticalBytes) {
  const std::string one = run_bytes(1);
  EXPECT_EQ(one, run_bytes(2));
  EXPECT_EQ(one, run_bytes(4));
}

TEST(ReplicaRunner, ProgressCountsEveryReplica) {
  RunnerConfig config;
  config.replicas = 30;
  config.threads = 2;
  std::atomic<std::uint32_t> calls{0};
  std::atomic<std::uint32_t> highest{0};
  config.on_progress = [&](std::uint32_t done) {
    ++calls;
    std::uint32_t seen = highest.load();
    while (done > seen && !highest.compare_exchange_weak(seen, done)) {
    }
  };
  run_replicas<ReplicaSeries>(config, noisy_replica);
  EXPECT_EQ(calls.load(), 30u);
  EXPECT_EQ(highest.load(), 30u);
}

TEST(ReplicaRunner, AnExceptionNamesTheLowestFailingReplica) {
  RunnerConfig config;
  config.replicas = 40;
  config.threads = 2;
  for (int attempt = 0; attempt < 5; ++attempt) {
    try {
      run_replicas<ReplicaSeries>(config, [](std::uint32_t r) -> ReplicaSeries {
        if (r == 7 || r == 23) throw std::runtime_error("bad parameter draw");
        return noisy_replica(r);
      });
      FAIL() << "expected ReplicaFailure";
    } catch (const ReplicaFailure& e) {
      EXPECT_EQ(e.replica(), 7u);
      EXPECT_STREQ(e.what(), "replica 7 failed: bad parameter draw");
    }
  }
}

}  // namespace
}  // namespace blocsim
