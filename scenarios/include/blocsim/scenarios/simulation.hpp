#pragma once
// One replica of a scenario, month by month. The order of the monthly step is part of the model
// (docs/MODEL.md, "The monthly step"):
//   1. policy events in force (triggers checked on last month's metrics, responses on last
//      month's market) -> trade rules, capacity factors, price factors, releases, usage bans
//   2. chip production and market clearing
//   3. compute stocks with depreciation, under the power cap
//   4. lab training, quality, catch-up, release and prices
//   5. developer adoption
//   6. nation alignment
//   7. metrics

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "blocsim/agents/adoption.hpp"
#include "blocsim/agents/chip_market.hpp"
#include "blocsim/agents/diffusion.hpp"
#include "blocsim/agents/trade_rules.hpp"
#include "blocsim/core/run_summary.hpp"
#include "blocsim/policies/policy_schedule.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"
#include "blocsim/scenarios/phase_timer.hpp"
#include "blocsim/scenarios/world_builder.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

class Simulation {
 public:
  // The scenario must have passed validation. Its `uncertain` fields are drawn for this replica
  // (scenarios/parameters.hpp) before the world is built.
  Simulation(const v1::Scenario& scenario, std::uint64_t seed, std::uint32_t replica);

  // Runs the next month and records its metrics. Returns false once the run is over. With
  // `times`, adds the wall time of each phase of the step to it (blocsim bench).
  bool step(PhaseTimes* times = nullptr);
  // Steps to the last month, or until `stop` is set (checked every month, so that Ctrl-C does
  // not wait for a long replica to end); true when the replica ran to its end.
  bool run_to_end(const std::atomic<bool>* stop = nullptr) {
    while (!(stop != nullptr && stop->load(std::memory_order_relaxed)) && step()) {
    }
    return t_ >= world_.months;
  }

  std::size_t month() const { return t_; }
  std::size_t months() const { return world_.months; }
  const ReplicaWorld& world() const { return world_; }
  ReplicaWorld& world() { return world_; }
  const MarketLedger& ledger() const { return ledger_; }
  const TradeRules& rules() const { return rules_; }
  const PolicyEffects& effects() const { return effects_; }
  const std::vector<double>& usable_compute() const { return usable_; }
  // share[nation * labs + lab] after the last month's adoption.
  const std::vector<double>& adoption_share() const { return share_; }
  // How each exported metric is read, in the results' order (metrics_catalog.hpp).
  const std::vector<MetricReader>& metrics() const { return metrics_; }
  // What the adoption rules other than logit read: adopted ties, thresholds, counts.
  const DiffusionState& diffusion() const { return diffusion_; }
  const PolicySchedule& schedule() const { return schedule_; }
  double metric(std::size_t id, std::size_t t) const {
    return series_.values[id * world_.months + t];
  }

  // The recorded series; the simulation is spent afterwards.
  ReplicaSeries take_series() { return std::move(series_); }

 private:
  void choose_initial_models(const v1::Scenario& scenario);
  void apply_releases();
  void record_metrics();

  static EntityIndex index_of(const ReplicaWorld& world, const std::vector<MetricDef>& metrics);

  ReplicaKey key_;
  // This replica's copy of the scenario with its `uncertain` fields drawn; null without any.
  std::unique_ptr<const v1::Scenario> drawn_;
  ReplicaWorld world_;
  PolicySchedule schedule_;
  std::vector<MetricReader> metrics_;
  std::size_t t_ = 0;

  TradeRules rules_;
  PolicyEffects effects_;
  MarketLedger ledger_;
  AdoptionOffer offer_;
  ServingFleet fleet_;
  PricingScratch pricing_;
  DiffusionState diffusion_;
  std::vector<double> inventory_;
  std::vector<double> usable_;
  std::vector<double> share_;
  std::vector<double> dependence0_;
  std::vector<double> dependence_;
  std::vector<double> world_share_;  // per lab, this month (metrics_catalog.hpp)
  ReplicaSeries series_;
};

// Runs a whole replica and returns its metric series.
ReplicaSeries run_replica(const v1::Scenario& scenario, std::uint64_t seed, std::uint32_t replica,
                          const std::atomic<bool>* stop = nullptr);

}  // namespace blocsim
