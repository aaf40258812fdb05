#include "blocsim/scenarios/simulation.hpp"
#include "blocsim/scenarios/distribution_from_schema.hpp"

#include <algorithm>

#include "blocsim/agents/alignment.hpp"
#include "blocsim/agents/compute_stock.hpp"
#include "blocsim/agents/lab_dynamics.hpp"
#include "blocsim/scenarios/parameters.hpp"
#include "blocsim/scenarios/policy_timeline.hpp"

namespace blocsim {

EntityIndex Simulation::index_of(const ReplicaWorld& world, const std::vector<MetricDef>& metrics) {
  EntityIndex index = EntityIndex::of(world.chips, world.nations, world.labs, world.market);
  for (std::size_t m = 0; m < metrics.size(); ++m) index.metric[metrics[m].name] = m;
  return index;
}

Simulation::Simulation(const v1::Scenario& scenario, std::uint64_t seed, std::uint32_t replica)
    : key_(ReplicaKey::make(seed, replica)),
      drawn_(draw_uncertain_fields(scenario, key_)),
      world_(build_world(drawn_ ? *drawn_ : scenario, key_)),
      schedule_(
          policy_timeline(drawn_ ? *drawn_ : scenario, world_.start,
                          index_of(world_, metric_catalog(drawn_ ? *drawn_ : scenario)), key_),
          world_.start, key_),
      metrics_(metric_readers(
          {world_.nations.size(), world_.labs.size(), schedule_.counters().size()})) {
  inventory_.assign(world_.chips.size(), 0.0);
  series_.values.assign(metrics_.size() * world_.months, 0.0);
  choose_initial_models(drawn_ ? *drawn_ : scenario);
}

// Developers start on the choice the logit gives them with no peers and no current model: the
// world's adoption as of the first month, before the network has had any say. Under the other
// rules only the seeds start on that choice; everyone else has not adopted yet.
void Simulation::choose_initial_models(const v1::Scenario& scenario) {
  ReplicaWorld& w = world_;
  schedule_.observe(
      0, [](std::size_t) { return 0.0; }, nullptr, w.chips, w.nations);
  schedule_.apply(0, w.chips, w.nations, w.labs, rules_, effects_);
  // The labs' models and prices at the start follow from the starting compute and chips by the
  // same equations as every month, so nothing jumps at the first release.
  usable_at_start(w.compute, w.nations, usable_);
  start_labs(w.lab_params, usable_, w.labs);
  apply_releases();
  start_fleet(w.chips, w.nations, fleet_);
  set_serving_costs(w.serving, fleet_, effects_.price_factor, w.labs);
  set_prices(w.adoption, w.nations, effects_.banned, w.serving, w.labs, pricing_);
  price_the_offer(w.adoption, w.nations, w.labs, effects_.banned, offer_);
  const std::size_t M = w.labs.size();
  std::vector<std::uint8_t> seed(w.developers.size(), 1);
  for (std::uint32_t i = 0; i < w.developers.size(); ++i) {
    const std::size_t row = w.developers.sector[i] * w.nations.size() + w.developers.nation[i];
    const double* weight = offer_.weight.data() + row * M;
    double total = 0.0;
    for (std::size_t j = 0; j < M; ++j) total += weight[j];
    RandomStream stream(key_, Purpose::kInitialState, 0, i);
    double target = stream.uniform() * total;
    std::size_t choice = 0;
    while (choice + 1 < M && (target -= weight[choice]) >= 0.0) ++choice;
    while (weight[choice] == 0.0 && choice > 0) --choice;
    w.developers.model[i] = static_cast<std::uint8_t>(choice);
    // The seed draw follows the choice in the same stream, so a seed starts on the model it
    // would have started on under logit.
    if (w.adoption.rule != AdoptionRule::kLogit &&
        !(stream.uniform() < scenario.adoption().seeding().adopted_fraction())) {
      seed[i] = 0;
    }
  }
  if (w.adoption.rule != AdoptionRule::kLogit) {
    for (const std::uint32_t i : scenario.adoption().seeding().agents()) seed[i] = 1;
    for (std::uint32_t i = 0; i < w.developers.size(); ++i) {
      if (seed[i] == 0) w.developers.model[i] = kNoModel;
    }
  }
  diffusion_.threshold.assign(w.developers.size(), 0.0);
  if (w.adoption.rule == AdoptionRule::kThreshold) {
    draw_thresholds(to_distribution(scenario.adoption().threshold().threshold()), key_, diffusion_);
  }
  reset_diffusion_state(w.developers, diffusion_);
  tally_adoption(w.developers, w.nations.size(), M, share_);
  dependence(w.alignment, w.labs, w.nations.size(), share_, dependence0_);
}

// A scripted release is a shock to a lab's model: it never lowers quality.
void Simulation::apply_releases() {
  Labs& labs = world_.labs;
  for (const Release& release : effects_.releases) {
    labs.quality[release.lab] = std::max(labs.quality[release.lab], release.quality);
    if (release.open >= 0) labs.open[release.lab] = static_cast<std::uint8_t>(release.open);
  }
}

bool Simulation::step(PhaseTimes* times) {
  if (t_ >= world_.months) return false;
  ReplicaWorld& w = world_;
  PhaseClock clock(times);
  // 1. Policies: triggers and responses see last month, then this month's rules are built.
  if (t_ > 0) {
    const std::size_t last = t_ - 1;
    schedule_.observe(
        t_, [&](std::size_t id) { return metric(id, last); }, &ledger_, w.chips, w.nations);
  }
  schedule_.apply(t_, w.chips, w.nations, w.labs, rules_, effects_);
  apply_releases();
  clock.lap(Phase::kPolicies);
  // 2. Chip market.
  clear_market(t_, w.months, w.chips, w.nations, rules_, w.market, inventory_, ledger_);
  schedule_.record_cap_usage(t_, ledger_);
  update_fleet(w.chips, ledger_, survival_per_month(w.compute.half_life_months), fleet_);
  clock.lap(Phase::kMarket);
  // 3. Compute stocks.
  update_compute(t_, w.chips, ledger_, w.compute, effects_.energy_growth_change, w.nations,
                 usable_);
  clock.lap(Phase::kCompute);
  // 4. Labs.
  step_labs(t_, key_, w.lab_params, usable_, w.labs);
  set_serving_costs(w.serving, fleet_, effects_.price_factor, w.labs);
  set_prices(w.adoption, w.nations, effects_.banned, w.serving, w.labs, pricing_);
  clock.lap(Phase::kLabs);
  // 5. Adoption.
  price_the_offer(w.adoption, w.nations, w.labs, effects_.banned, offer_);
  offer_.forced_leave = effects_.forced_leave;
  adopt_by_rule(static_cast<std::uint32_t>(t_), key_, w.adoption, offer_, diffusion_, w.developers,
                0, w.developers.size());
  commit_adoption(w.adoption.rule, w.developers, diffusion_);
  tally_adoption(w.developers, w.nations.size(), w.labs.size(), share_);
  clock.lap(Phase::kAdoption);
  // 6. Alignment.
  dependence(w.alignment, w.labs, w.nations.size(), share_, dependence_);
  update_alignment(w.alignment, dependence0_, dependence_, w.nations);
  clock.lap(Phase::kAlignment);
  // 7. Metrics.
  record_metrics();
  clock.lap(Phase::kMetrics);
  ++t_;
  return true;
}

void Simulation::record_metrics() {
  world_share_by_lab(world_.nations, world_.labs.size(), share_, world_share_);
  const MonthState month{t_, world_, ledger_, share_, world_share_, schedule_};
  record_month(metrics_, month, series_.values, world_.months);
}

ReplicaSeries run_replica(const v1::Scenario& scenario, std::uint64_t seed, std::uint32_t replica,
                          const std::atomic<bool>* stop) {
  Simulation simulation(scenario, seed, replica);
  if (!simulation.run_to_end(stop)) return {};  // stopped part way: no series
  return simulation.take_series();
}

}  // namespace blocsim
