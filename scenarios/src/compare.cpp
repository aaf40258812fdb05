#include "blocsim/scenarios/compare.hpp"

#include "blocsim/core/calendar.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "blocsim/core/statistics.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"
#include "blocsim/scenarios/replica_set.hpp"
#include "blocsim/scenarios/simulation.hpp"
#include "blocsim/scenarios/world_builder.hpp"

namespace blocsim {

ComparedRun run_for_comparison(const LoadedScenario& loaded, const RunOptions& options) {
  const v1::Scenario& scenario = loaded.scenario;
  ReplicaSetOptions set;
  set.replicas = options.replicas > 0 ? options.replicas : scenario.run().replicas();
  set.seed = options.has_seed ? options.seed : scenario.run().seed();
  set.threads = options.threads;
  set.on_progress = options.on_progress;
  set.stop = options.stop;
  ComparedRun run;
  run.name = scenario.name();
  run.text = loaded.text;
  run.dates = run_dates(scenario);
  run.metrics = metric_catalog(scenario);
  run.replicas = run_replica_set(scenario, set);  // empty on ranks other than 0
  return run;
}

ComparedRun compared_run_from(const v1::RunResult& result) {
  ComparedRun run;
  run.name = result.scenario_name();
  run.text = result.scenario_text();
  run.dates.assign(result.dates().begin(), result.dates().end());
  const std::size_t steps = run.dates.size();
  run.replicas.assign(result.replicas(), ReplicaSeries{});
  for (auto& r : run.replicas) r.values.reserve(result.metrics_size() * steps);
  for (const auto& metric : result.metrics()) {
    if (metric.replicas_size() != static_cast<int>(result.replicas())) {
      throw std::runtime_error("the results of '" + result.scenario_name() +
                               "' hold no per-replica series; rerun it with --per-replica");
    }
    run.metrics.push_back({metric.name(), metric.unit(), metric.description()});
    for (int r = 0; r < metric.replicas_size(); ++r) {
      const auto& values = metric.replicas(r).values();
      run.replicas[static_cast<std::size_t>(r)].values.insert(
          run.replicas[static_cast<std::size_t>(r)].values.end(), values.begin(), values.end());
    }
  }
  return run;
}

v1::Comparison compare(const ComparedRun& a, const ComparedRun& b, std::uint64_t seed,
                       const std::vector<std::string>& dates,
                       const std::vector<std::string>& metrics) {
  if (a.replicas.size() != b.replicas.size()) {
    throw std::invalid_argument("the runs have " + std::to_string(a.replicas.size()) + " and " +
                                std::to_string(b.replicas.size()) +
                                " replicas; pairing needs equal counts");
  }
  if (a.dates != b.dates) throw std::invalid_argument("the runs cover different months");
  const std::size_t steps = a.dates.size();
  const std::size_t R = a.replicas.size();
  std::vector<std::size_t> steps_compared;
  for (const auto& date : dates.empty() ? a.dates : dates) {
    const auto it = std::find(a.dates.begin(), a.dates.end(), date);
    if (it == a.dates.end()) {
      if (!YearMonth::parse(date)) {
        throw std::invalid_argument("--dates " + date + ": not a month; write YYYY-MM, e.g. " +
                                    a.dates.back());
      }
      throw std::invalid_argument("date " + date + " is not in the runs (" + a.dates.front() +
                                  " to " + a.dates.back() + ")");
    }
    steps_compared.push_back(static_cast<std::size_t>(it - a.dates.begin()));
  }

  v1::Comparison out;
  out.set_schema_version(1);
  out.set_a_name(a.name);
  out.set_b_name(b.name);
  out.set_a_text(a.text);
  out.set_b_text(b.text);
  out.set_seed(seed);
  out.set_replicas(static_cast<std::uint32_t>(R));
  for (const std::size_t t : steps_compared) out.add_dates(a.dates[t]);

  std::vector<double> differences(R);
  std::vector<double> unpaired(R);
  std::vector<double> side(R);
  for (std::size_t ma = 0; ma < a.metrics.size(); ++ma) {
    const std::string& name = a.metrics[ma].name;
    if (!metrics.empty() && std::find(metrics.begin(), metrics.end(), name) == metrics.end())
      continue;
    const auto it = std::find_if(b.metrics.begin(), b.metrics.end(),
                                 [&](const MetricDef& d) { return d.name == name; });
    if (it == b.metrics.end()) continue;
    const std::size_t mb = static_cast<std::size_t>(it - b.metrics.begin());
    auto* metric = out.add_metrics();
    metric->set_name(name);
    metric->set_unit(a.metrics[ma].unit);
    for (const std::size_t t : steps_compared) {
      double greater = 0.0;
      for (std::size_t r = 0; r < R; ++r) {
        const double va = a.replicas[r].values[ma * steps + t];
        const double vb = b.replicas[r].values[mb * steps + t];
        differences[r] = vb - va;
        greater += vb > va ? 1.0 : (vb == va ? 0.5 : 0.0);
        const double va_shifted = a.replicas[(r + R / 2) % R].values[ma * steps + t];
        unpaired[r] = vb - va_shifted;
      }
      auto* d = metric->add_dates();
      d->set_date(a.dates[t]);
      std::vector<double> sorted = differences;
      std::sort(sorted.begin(), sorted.end());
      double mean = 0.0;
      for (const double x : differences) mean += x;
      mean /= static_cast<double>(R);
      d->set_mean(mean);
      // The mean's interval (normal, paired): for 0/1 indicators the difference of the
      // probabilities, which a median of differences (mostly 0) cannot show.
      double squares = 0.0;
      for (const double x : differences) squares += (x - mean) * (x - mean);
      const double half_width =
          R > 1 ? 1.959963984540054 *
                      std::sqrt(squares / static_cast<double>(R - 1) / static_cast<double>(R))
                : 0.0;
      d->set_mean_lo(mean - half_width);
      d->set_mean_hi(mean + half_width);
      d->set_median(quantile_sorted(sorted, 0.5));
      d->set_lo(quantile_sorted(sorted, 0.025));
      d->set_hi(quantile_sorted(sorted, 0.975));
      d->set_p_b_greater(greater / static_cast<double>(R));
      std::sort(unpaired.begin(), unpaired.end());
      d->set_unpaired_lo(quantile_sorted(unpaired, 0.025));
      d->set_unpaired_hi(quantile_sorted(unpaired, 0.975));
      for (std::size_t r = 0; r < R; ++r) side[r] = a.replicas[r].values[ma * steps + t];
      d->set_a_mean(std::accumulate(side.begin(), side.end(), 0.0) / static_cast<double>(R));
      std::sort(side.begin(), side.end());
      d->set_a_median(quantile_sorted(side, 0.5));
      for (std::size_t r = 0; r < R; ++r) side[r] = b.replicas[r].values[mb * steps + t];
      d->set_b_mean(std::accumulate(side.begin(), side.end(), 0.0) / static_cast<double>(R));
      std::sort(side.begin(), side.end());
      d->set_b_median(quantile_sorted(side, 0.5));
    }
  }
  return out;
}

}  // namespace blocsim
