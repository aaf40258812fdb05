#include "blocsim/core/run_summary.hpp"

#include <cmath>
#include <stdexcept>

#include "blocsim/core/parallel_for.hpp"
#include "blocsim/core/statistics.hpp"

namespace blocsim {

namespace {

void check_series(const std::vector<MetricDef>& metrics, const std::vector<ReplicaSeries>& replicas,
                  std::size_t steps, std::uint32_t first_replica) {
  for (std::size_t r = 0; r < replicas.size(); ++r) {
    const auto& values = replicas[r].values;
    if (values.size() != metrics.size() * steps) {
      throw std::invalid_argument("replica " + std::to_string(first_replica + r) + " has " +
                                  std::to_string(values.size()) + " values, expected " +
                                  std::to_string(metrics.size() * steps));
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (std::isnan(values[i])) {
        throw std::invalid_argument("metric " + metrics[i / steps].name + " is NaN at step " +
                                    std::to_string(i % steps) + " of replica " +
                                    std::to_string(first_replica + r));
      }
    }
  }
}

void fill_metric(v1::Metric& out, const MetricDef& def, const RunDescription& run,
                 const std::vector<ReplicaSeries>& replicas, std::size_t metric,
                 std::uint32_t first_replica) {
  const std::size_t steps = run.dates.size();
  out.set_name(def.name);
  out.set_unit(def.unit);
  out.set_description(def.description);
  std::vector<double> column(replicas.size());
  for (std::size_t t = 0; t < steps; ++t) {
    for (std::size_t r = 0; r < replicas.size(); ++r) {
      column[r] = replicas[r].values[metric * steps + t];
    }
    const Summary s = summarize(column);
    auto* step = out.add_steps();
    step->set_mean(s.mean);
    step->set_sd(s.sd);
    step->set_min(s.min);
    step->set_max(s.max);
    for (std::size_t q = 0; q < kSummaryProbabilities.size(); ++q) {
      auto* quantile = step->add_quantiles();
      quantile->set_p(kSummaryProbabilities[q]);
      quantile->set_value(s.quantiles[q]);
    }
  }
  // `column` now holds the last step's values.
  const auto [lo, hi] = histogram_range(column, def.hist_lo, def.hist_hi);
  Histogram histogram(lo, hi, run.histogram_bins);
  for (const double v : column) histogram.add(v);
  auto* h = out.mutable_final_histogram();
  h->set_lo(histogram.lo());
  h->set_hi(histogram.hi());
  for (const auto c : histogram.counts()) h->add_counts(c);

  if (run.per_replica) {
    for (std::size_t r = 0; r < replicas.size(); ++r) {
      auto* series = out.add_replicas();
      series->set_replica(first_replica + static_cast<std::uint32_t>(r));
      const auto* begin = replicas[r].values.data() + metric * steps;
      series->mutable_values()->Add(begin, begin + steps);
    }
  }
}

}  // namespace

v1::RunResult summarize_run(const RunDescription& run, const std::vector<MetricDef>& metrics,
                            const std::vector<ReplicaSeries>& replicas,
                            std::uint32_t first_replica) {
  if (replicas.empty()) throw std::invalid_argument("a run needs at least one replica");
  if (run.dates.empty()) throw std::invalid_argument("a run needs at least one step");
  check_series(metrics, replicas, run.dates.size(), first_replica);

  v1::RunResult result;
  result.set_schema_version(1);
  result.set_scenario_name(run.scenario_name);
  result.set_scenario_description(run.scenario_description);
  result.set_scenario_text(run.scenario_text);
  result.set_seed(run.seed);
  result.set_replicas(static_cast<std::uint32_t>(replicas.size()));
  for (const auto& d : run.dates) result.add_dates(d);
  for (const auto& [date, label] : run.events) {
    auto* e = result.add_events();
    e->set_date(date);
    e->set_label(label);
  }
  // Metrics are summarised in parallel into preallocated slots, so their order is fixed.
  for (std::size_t m = 0; m < metrics.size(); ++m) result.add_metrics();
  parallel_for(std::size_t{0}, metrics.size(), [&](std::size_t m) {
    fill_metric(*result.mutable_metrics(static_cast<int>(m)), metrics[m], run, replicas, m,
                first_replica);
  });
  return result;
}

}  // namespace blocsim
