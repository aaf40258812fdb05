#pragma once
// Runs a loaded scenario's replicas in parallel and summarises them into a RunResult.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "blocsim/core/replica_journal.hpp"
#include "blocsim/core/run_summary.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/v1/results.pb.h"

namespace blocsim {

// How often one fired counter (policy.fired.<name>: a triggered event or a response) fired by the
// end of the run, across replicas.
struct FiredCount {
  std::string name;          // e.g. "event.us-bans-h200", "retaliation.CHN.USA"
  double mean = 0.0;         // mean number of fires per replica
  double share_fired = 0.0;  // share of replicas in which it fired at least once
};

struct RunOptions {
  std::uint32_t replicas = 0;          // 0: the scenario's run.replicas
  std::uint64_t seed = 0;              // used when has_seed
  bool has_seed = false;               // otherwise the scenario's run.seed
  std::uint32_t threads = 0;           // 0: all hardware threads
  bool per_replica = false;            // export each replica's series
  std::vector<std::string> overrides;  // `--set` overrides already applied, to record
  std::function<void(std::uint32_t finished, std::uint32_t total)> on_progress;
  const std::atomic<bool>* stop = nullptr;   // stop between replicas when set (Ctrl-C)
  ReplicaJournal* journal = nullptr;         // keep finished replicas for --resume
  std::vector<FiredCount>* fired = nullptr;  // when set, filled (on rank 0) with every counter
};

// Everything but provenance, which the caller fills in (it alone may differ between runs).
// Under mpirun the replicas are split across the processes; only rank 0 returns the result
// (ProcessGroup::current().is_root()), the others an empty one.
v1::RunResult run_scenario(const LoadedScenario& loaded, const RunOptions& options);

// The fingerprint a journal of this run carries: scenario as run, seed and replica count.
std::uint64_t run_fingerprint(const LoadedScenario& loaded, std::uint64_t seed,
                              std::uint32_t replicas);

}  // namespace blocsim
