#include "blocsim/scenarios/run_scenario.hpp"

#include "blocsim/core/distribution.hpp"
#include "blocsim/core/process_group.hpp"
#include "blocsim/scenarios/distribution_from_schema.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"
#include "blocsim/scenarios/parameters.hpp"
#include "blocsim/scenarios/replica_set.hpp"
#include "blocsim/scenarios/simulation.hpp"
#include "blocsim/scenarios/world_builder.hpp"

namespace blocsim {

v1::RunResult run_scenario(const LoadedScenario& loaded, const RunOptions& options) {
  const v1::Scenario& scenario = loaded.scenario;
  const std::uint32_t replicas =
      options.replicas > 0 ? options.replicas : scenario.run().replicas();
  const std::uint64_t seed = options.has_seed ? options.seed : scenario.run().seed();

  ReplicaSetOptions set;
  set.replicas = replicas;
  set.seed = seed;
  set.threads = options.threads;
  set.on_progress = options.on_progress;
  set.stop = options.stop;
  set.journal = options.journal;
  const std::vector<ReplicaSeries> series = run_replica_set(scenario, set);
  if (!ProcessGroup::current().is_root()) return {};

  RunDescription run;
  run.scenario_name = scenario.name();
  run.scenario_description = scenario.description();
  run.scenario_text = loaded.text;
  run.seed = seed;
  run.dates = run_dates(scenario);
  // Only dated events can be marked on a time axis; a triggered event without a date has none.
  for (const auto& event : scenario.events()) {
    if (!event.date().empty() && !event.has_trigger())
      run.events.emplace_back(event.date(), event.label());
  }
  run.per_replica = options.per_replica;
  const std::vector<MetricDef> metrics = metric_catalog(scenario);
  if (options.fired != nullptr && !series.empty()) {
    options.fired->clear();
    const std::string prefix = "policy.fired.";
    const std::size_t steps = run.dates.size();
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      if (metrics[m].name.compare(0, prefix.size(), prefix) != 0) continue;
      FiredCount count{metrics[m].name.substr(prefix.size())};
      for (const auto& replica : series) {
        const double fires = replica.values[m * steps + steps - 1];
        count.mean += fires;
        count.share_fired += fires > 0.0 ? 1.0 : 0.0;
      }
      count.mean /= static_cast<double>(series.size());
      count.share_fired /= static_cast<double>(series.size());
      options.fired->push_back(std::move(count));
    }
  }
  v1::RunResult result = summarize_run(run, metrics, series);
  // Draws are pure functions of (seed, replica, path), so they are recomputed here rather than
  // carried out of every replica.
  for (const auto& parameter : uncertain_parameters(scenario)) {
    auto* draws = result.add_parameters();
    draws->set_path(parameter.path);
    for (std::uint32_t r = 0; r < replicas; ++r) {
      draws->add_values(draw_parameter(to_distribution(parameter.distribution), parameter.path,
                                       ReplicaKey::make(seed, r), parameter.fallback));
    }
  }
  for (const auto& o : options.overrides) result.add_overrides(o);
  return result;
}

std::uint64_t run_fingerprint(const LoadedScenario& loaded, std::uint64_t seed,
                              std::uint32_t replicas) {
  return fingerprint_of(loaded.text.data(), loaded.text.size(), seed * 1000003ULL + replicas);
}

}  // namespace blocsim
