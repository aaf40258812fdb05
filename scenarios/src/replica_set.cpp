#include "blocsim/scenarios/replica_set.hpp"

#include "blocsim/core/process_group.hpp"
#include "blocsim/core/replica_runner.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"
#include "blocsim/scenarios/simulation.hpp"
#include "blocsim/scenarios/world_builder.hpp"

namespace blocsim {

std::size_t values_per_replica(const v1::Scenario& scenario) {
  return metric_catalog(scenario).size() * run_dates(scenario).size();
}

std::vector<ReplicaSeries> run_replica_set(const v1::Scenario& scenario,
                                           const ReplicaSetOptions& options) {
  const ProcessGroup& group = ProcessGroup::current();
  // Plain variables, not a structured binding: clang before 16 cannot capture one in a lambda.
  const auto share = group.share(options.replicas);
  const auto first = share.first;
  const auto count = share.second;
  const std::size_t width = values_per_replica(scenario);

  RunnerConfig config;
  config.first_replica = first;
  config.replicas = count;
  config.threads = options.threads;
  config.stop = options.stop;
  if (options.on_progress) {
    config.on_progress = [&](std::uint32_t done) { options.on_progress(done, count); };
  }
  std::vector<ReplicaSeries> local;
  std::string failure;
  std::uint32_t failed_replica = 0;
  try {
    local = run_replicas<ReplicaSeries>(config, [&](std::uint32_t replica) {
      if (options.journal != nullptr) {
        const auto& done = options.journal->finished();
        if (const auto it = done.find(replica); it != done.end()) return ReplicaSeries{it->second};
      }
      ReplicaSeries series = run_replica(scenario, options.seed, replica, options.stop);
      // A replica stopped part way has no series; it is neither kept nor counted as finished.
      if (options.journal != nullptr && !series.values.empty()) {
        options.journal->record(replica, series.values);
      }
      return series;
    });
  } catch (const ReplicaFailure& e) {
    failure = e.what();
    failed_replica = e.replica();
  }
  // Every process learns of a failure anywhere, so none waits in the gather for a dead peer.
  if (group.any(!failure.empty())) {
    throw ReplicaFailure(failed_replica, failure.empty() ? "a replica failed in another process"
                                                         : failure.substr(failure.find(':') + 2));
  }
  if (options.stop != nullptr && options.stop->load()) {
    std::uint32_t finished = 0;
    for (const auto& s : local) finished += s.values.empty() ? 0 : 1;
    throw RunInterrupted(finished, count);
  }
  if (group.size() == 1) return local;

  std::vector<double> flat;
  flat.reserve(local.size() * width);
  for (const auto& s : local) flat.insert(flat.end(), s.values.begin(), s.values.end());
  const std::vector<double> all = group.gather(flat, options.replicas, width);
  std::vector<ReplicaSeries> series;
  if (!group.is_root()) return series;
  series.resize(options.replicas);
  for (std::uint32_t r = 0; r < options.replicas; ++r) {
    series[r].values.assign(all.begin() + static_cast<std::ptrdiff_t>(r * width),
                            all.begin() + static_cast<std::ptrdiff_t>((r + 1) * width));
  }
  return series;
}

}  // namespace blocsim
