#include "blocsim/scenarios/run_scenario.hpp"

#include "blocsim/core/distribution.hpp"
#include "blocsim/core/replica_runner.hpp"
#include "blocsim/scenarios/parameters.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"
#include "blocsim/scenarios/simulation.hpp"
#include "blocsim/scenarios/world_builder.hpp"

namespace blocsim {

v1::RunResult run_scenario(const LoadedScenario& loaded, const RunOptions& options) {
  const v1::Scenario& scenario = loaded.scenario;
  const std::uint32_t replicas = options.replicas > 0 ? options.replicas : scenario.run().replicas();
  const std::uint64_t seed = options.has_seed ? options.seed : scenario.run().seed();

  RunnerConfig config;
  config.replicas = replicas;
  config.threads = options.threads;
  if (options.on_progress) {
    config.on_progress = [&](std::uint32_t finished) { options.on_progress(finished, replicas); };
  }
  const auto series = run_replicas<ReplicaSeries>(
      config, [&](std::uint32_t replica) { return run_replica(scenario, seed, replica); });

  RunDescription run;
  run.scenario_name = scenario.name();
  run.scenario_description = scenario.description();
  run.scenario_text = loaded.text;
  run.seed = seed;
  run.dates = run_dates(scenario);
  // Only dated events can be marked on a time axis; a triggered event without a date has none.
  for (const auto& event : scenario.events()) {
    if (!event.date().empty() && !event.has_trigger()) run.events.emplace_back(event.date(), event.label());
  }
  run.per_replica = options.per_replica;
  v1::RunResult result = summarize_run(run, metric_catalog(scenario), series);
  // Draws are pure functions of (seed, replica, path), so they are recomputed here rather than
  // carried out of every replica.
  for (const auto& parameter : uncertain_parameters(scenario)) {
    auto* draws = result.add_parameters();
    draws->set_path(parameter.path);
    for (std::uint32_t r = 0; r < replicas; ++r) {
      draws->add_values(draw_parameter(parameter.distribution, parameter.path,
                                       ReplicaKey::make(seed, r), parameter.fallback));
    }
  }
  for (const auto& o : options.overrides) result.add_overrides(o);
  return result;
}

}  // namespace blocsim
