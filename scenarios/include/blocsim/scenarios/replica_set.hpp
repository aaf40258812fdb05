#pragma once
// Runs every replica of a scenario: split across the processes of an mpirun (each on its own
// threads), skipping replicas a resumed journal already holds, recording each finished one in
// the journal, and stopping between replicas on request. The series come back to rank 0 in
// replica order, identical whatever the split, the threads or the interruptions.

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "blocsim/core/replica_journal.hpp"
#include "blocsim/core/run_summary.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

// A run stopped on request (Ctrl-C) before all its replicas finished.
class RunInterrupted : public std::runtime_error {
 public:
  RunInterrupted(std::uint32_t finished, std::uint32_t total)
      : std::runtime_error("interrupted after " + std::to_string(finished) + " of " +
                           std::to_string(total) + " replicas"),
        finished_(finished),
        total_(total) {}
  std::uint32_t finished() const { return finished_; }
  std::uint32_t total() const { return total_; }

 private:
  std::uint32_t finished_;
  std::uint32_t total_;
};

struct ReplicaSetOptions {
  std::uint32_t replicas = 1;
  std::uint64_t seed = 0;
  std::uint32_t threads = 0;
  std::function<void(std::uint32_t finished, std::uint32_t total)> on_progress;
  const std::atomic<bool>* stop = nullptr;  // set by a signal handler to stop between replicas
  ReplicaJournal* journal = nullptr;        // finished replicas are kept here (one process only)
};

// The number of values one replica's series holds for this scenario.
std::size_t values_per_replica(const v1::Scenario& scenario);

// On rank 0 (or without MPI): every replica's series in replica order. On other ranks: empty.
// Throws ReplicaFailure (on every rank) if a replica fails, RunInterrupted if stopped.
std::vector<ReplicaSeries> run_replica_set(const v1::Scenario& scenario,
                                           const ReplicaSetOptions& options);

}  // namespace blocsim
