#pragma once
// The generic parallel replica runner. Replicas run on a TBB task arena of the requested size;
// each replica's output is stored at its index, so the merged outputs are in replica order and a
// run with 1 thread gives the same bytes as a run with 2. A replica keeps its agents only while
// it runs: the replica function builds its world, runs it and returns only its (small) output.

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <tbb/global_control.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "blocsim/core/parallel_for.hpp"

namespace blocsim {

// Raised when a replica throws: names the replica (the lowest failing index, so the message does
// not depend on scheduling) and carries the original message.
class ReplicaFailure : public std::runtime_error {
 public:
  ReplicaFailure(std::uint32_t replica, const std::string& what)
      : std::runtime_error("replica " + std::to_string(replica) + " failed: " + what),
        replica_(replica) {}
  std::uint32_t replica() const { return replica_; }

 private:
  std::uint32_t replica_;
};

struct RunnerConfig {
  std::uint32_t first_replica = 0;  // replicas first_replica .. first_replica + replicas - 1
  std::uint32_t replicas = 1;
  std::uint32_t threads = 1;  // 0 means all hardware threads
  // Called after each finished replica with the count finished so far (from worker threads).
  std::function<void(std::uint32_t finished)> on_progress;
  // When set and true, replicas not yet started are skipped (their outputs stay empty): a
  // Ctrl-C stops a run between replicas.
  const std::atomic<bool>* stop = nullptr;
};

// Runs fn(replica_index) for every replica and returns the outputs in replica order.
// Output must be default-constructible and movable.
template <class Output, class ReplicaFn>
std::vector<Output> run_replicas(const RunnerConfig& config, ReplicaFn&& fn) {
  std::vector<Output> outputs(config.replicas);
  std::vector<std::exception_ptr> errors(config.replicas);
  std::atomic<std::uint32_t> finished{0};
  // The lowest failing replica so far. Replicas above it are skipped, replicas below it still
  // run, so the replica named in the error is the lowest failing one whatever the scheduling.
  std::atomic<std::uint32_t> lowest_failure{config.replicas};

  const int threads = config.threads == 0 ? tbb::this_task_arena::max_concurrency()
                                          : static_cast<int>(config.threads);
  tbb::task_arena arena(threads);
  arena.execute([&] {
    parallel_for(std::uint32_t{0}, config.replicas, [&](std::uint32_t i) {
      if (i > lowest_failure.load(std::memory_order_relaxed)) return;
      if (config.stop != nullptr && config.stop->load(std::memory_order_relaxed)) return;
      try {
        outputs[i] = fn(config.first_replica + i);
      } catch (...) {
        errors[i] = std::current_exception();
        std::uint32_t seen = lowest_failure.load(std::memory_order_relaxed);
        while (i < seen && !lowest_failure.compare_exchange_weak(seen, i)) {
        }
        return;
      }
      const std::uint32_t done = finished.fetch_add(1, std::memory_order_relaxed) + 1;
      if (config.on_progress) config.on_progress(done);
    });
  });

  for (std::uint32_t i = 0; i < config.replicas; ++i) {
    if (!errors[i]) continue;
    try {
      std::rethrow_exception(errors[i]);
    } catch (const std::exception& e) {
      throw ReplicaFailure(config.first_replica + i, e.what());
    } catch (...) {
      throw ReplicaFailure(config.first_replica + i, "unknown exception");
    }
  }
  return outputs;
}

}  // namespace blocsim
