#include "blocsim/scenarios/simulation.hpp"

#include <algorithm>
#include <cmath>

#include "blocsim/agents/alignment.hpp"
#include "blocsim/agents/compute_stock.hpp"
#include "blocsim/agents/lab_dynamics.hpp"
#include "blocsim/core/bloc_metrics.hpp"
#include "blocsim/scenarios/parameters.hpp"

namespace blocsim {

namespace {

std::size_t nation_index(const Nations& nations, const char* id) {
  return static_cast<std::size_t>(std::find(nations.id.begin(), nations.id.end(), id) -
                                  nations.id.begin());
}

}  // namespace

EntityIndex Simulation::index_of(const ReplicaWorld& world, const std::vector<MetricDef>& metrics) {
  EntityIndex index = EntityIndex::of(world.chips, world.nations, world.labs, world.market);
  for (std::size_t m = 0; m < metrics.size(); ++m) index.metric[metrics[m].name] = m;
  return index;
}

Simulation::Simulation(const v1::Scenario& scenario, std::uint64_t seed, std::uint32_t replica)
    : key_(ReplicaKey::make(seed, replica)),
      drawn_(draw_uncertain_fields(scenario, key_)),
      world_(build_world(drawn_ ? *drawn_ : scenario, key_)),
      schedule_(drawn_ ? *drawn_ : scenario, world_.start, world_.months,
                index_of(world_, metric_catalog(drawn_ ? *drawn_ : scenario)), key_),
      layout_{world_.nations.size(), world_.labs.size(), schedule_.counters().size()} {
  inventory_.assign(world_.chips.size(), 0.0);
  series_.values.assign(layout_.size() * world_.months, 0.0);
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
  for (std::size_t l = 0; l < w.labs.size(); ++l) w.labs.price[l] *= effects_.price_factor[l];
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
    draw_thresholds(scenario.adoption().threshold().threshold(), key_, diffusion_);
  }
  reset_diffusion_state(w.developers, diffusion_);
  tally_adoption(w.developers, w.nations.size(), M, share_);
  dependence(w.labs, w.nations.size(), share_, dependence0_);
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
  for (const Release& release : effects_.releases) {
    w.labs.quality[release.lab] = std::max(w.labs.quality[release.lab], release.quality);
    if (release.open >= 0) w.labs.open[release.lab] = static_cast<std::uint8_t>(release.open);
  }
  clock.lap(Phase::kPolicies);
  // 2. Chip market.
  clear_market(t_, w.months, w.chips, w.nations, rules_, w.market, inventory_, ledger_);
  schedule_.record_cap_usage(t_, ledger_);
  clock.lap(Phase::kMarket);
  // 3. Compute stocks.
  update_compute(t_, w.chips, ledger_, w.compute, effects_.energy_growth_change, w.nations,
                 usable_);
  clock.lap(Phase::kCompute);
  // 4. Labs.
  step_labs(t_, key_, w.lab_params, usable_, effects_.price_factor, w.labs);
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
  dependence(w.labs, w.nations.size(), share_, dependence_);
  update_alignment(w.alignment, dependence0_, dependence_, w.nations);
  clock.lap(Phase::kAlignment);
  // 7. Metrics.
  record_metrics();
  clock.lap(Phase::kMetrics);
  ++t_;
  return true;
}

void Simulation::record_metrics() {
  const ReplicaWorld& w = world_;
  const std::size_t N = w.nations.size();
  const std::size_t M = w.labs.size();
  const std::size_t T = w.months;
  auto set = [&](std::size_t id, double value) { series_.values[id * T + t_] = value; };

  // Adoption, weighted by the real developers each nation's agents stand for. Shares are of all
  // developers, adopted or not (only the logit rule has everyone on a model).
  double developers = 0.0;
  double adopted = 0.0;
  std::vector<double> by_lab(M, 0.0);
  for (std::size_t n = 0; n < N; ++n) {
    developers += w.nations.developers[n];
    for (std::size_t j = 0; j < M; ++j) by_lab[j] += w.nations.developers[n] * share_[n * M + j];
  }
  for (std::size_t n = 0; n < N; ++n) {
    const std::uint32_t first = w.developers.first[n];
    const std::uint32_t last = w.developers.first[n + 1];
    std::uint32_t on_model = last - first;
    if (w.adoption.rule != AdoptionRule::kLogit) {
      on_model = static_cast<std::uint32_t>(
          std::count_if(w.developers.model.begin() + first, w.developers.model.begin() + last,
                        [](std::uint8_t m) { return m != kNoModel; }));
    }
    if (last > first) adopted += w.nations.developers[n] * on_model / (last - first);
  }
  set(kAdoptionAdopted, adopted / developers);
  double origin[kOrigins] = {0, 0, 0};
  double open = 0.0;
  double open_us = 0.0;
  double open_china = 0.0;
  for (std::size_t j = 0; j < M; ++j) {
    by_lab[j] /= developers;
    origin[static_cast<int>(w.labs.origin[j])] += by_lab[j];
    if (w.labs.open[j]) {
      open += by_lab[j];
      if (w.labs.origin[j] == Origin::kUs) open_us += by_lab[j];
      if (w.labs.origin[j] == Origin::kChina) open_china += by_lab[j];
    }
    set(layout_.lab_share(j), by_lab[j]);
    set(layout_.lab_quality(j), w.labs.quality[j]);
    set(layout_.lab_price(j), w.labs.price[j]);
  }
  set(kAdoptionUs, origin[0]);
  set(kAdoptionChina, origin[1]);
  set(kAdoptionOther, origin[2]);
  set(kAdoptionOpen, open);
  double outside_china = 0.0;
  double outside_china_on_chinese = 0.0;
  for (std::size_t n = 0; n < N; ++n) {
    double china = 0.0;
    for (std::size_t j = 0; j < M; ++j) {
      if (w.labs.origin[j] == Origin::kChina) china += share_[n * M + j];
    }
    set(layout_.nation_china_share(n), china);
    set(layout_.nation_alignment(n), w.nations.lean[n]);
    if (w.nations.origin[n] != Origin::kChina) {
      outside_china += w.nations.developers[n];
      outside_china_on_chinese += w.nations.developers[n] * china;
    }
  }
  set(kAdoptionChinaOutsideChina,
      outside_china > 0 ? outside_china_on_chinese / outside_china : 0.0);

  // Compute.
  const std::size_t usa = nation_index(w.nations, "USA");
  const std::size_t chn = nation_index(w.nations, "CHN");
  double world_stock = 0.0;
  double bloc_us = 0.0;
  double bloc_china = 0.0;
  for (std::size_t n = 0; n < N; ++n) {
    world_stock += w.nations.stock[n];
    bloc_us += w.nations.stock[n] * std::max(w.nations.lean[n], 0.0);
    bloc_china += w.nations.stock[n] * std::max(-w.nations.lean[n], 0.0);
  }
  set(kStockBlocUs, bloc_us);
  set(kStockBlocChina, bloc_china);
  set(kStockWorld, world_stock);
  set(kShareUs, world_stock > 0 ? w.nations.stock[usa] / world_stock : 0.0);
  set(kShareChina, world_stock > 0 ? w.nations.stock[chn] / world_stock : 0.0);
  const double ratio = w.nations.stock[chn] > 0 ? w.nations.stock[usa] / w.nations.stock[chn] : 0.0;
  set(kComputeRatio, ratio);

  // Quality and price.
  double frontier_us = 0.0;
  double frontier_china = 0.0;
  for (std::size_t j = 0; j < M; ++j) {
    if (w.labs.origin[j] == Origin::kUs) frontier_us = std::max(frontier_us, w.labs.quality[j]);
    if (w.labs.origin[j] == Origin::kChina) {
      frontier_china = std::max(frontier_china, w.labs.quality[j]);
    }
  }
  set(kFrontierUs, frontier_us);
  set(kFrontierChina, frontier_china);
  set(kQualityGap, frontier_us > 0 ? (frontier_us - frontier_china) / frontier_us : 0.0);
  const double comparable = 0.97 * std::min(frontier_us, frontier_china);
  double cheapest_us = INFINITY;
  double cheapest_china = INFINITY;
  for (std::size_t j = 0; j < M; ++j) {
    if (w.labs.quality[j] < comparable) continue;
    if (w.labs.origin[j] == Origin::kUs) cheapest_us = std::min(cheapest_us, w.labs.price[j]);
    if (w.labs.origin[j] == Origin::kChina) {
      cheapest_china = std::min(cheapest_china, w.labs.price[j]);
    }
  }
  set(kPriceRatio, std::isfinite(cheapest_us) && std::isfinite(cheapest_china)
                       ? cheapest_us / cheapest_china
                       : 0.0);

  // Chips reaching China.
  set(kChinaLicensed, ledger_.licensed_h100e[chn]);
  set(kChinaLeaked, ledger_.leaked_h100e[chn]);
  set(kChinaDomestic, ledger_.domestic_h100e[chn]);
  double unaccounted = 0.0;
  for (std::size_t c = 0; c < w.chips.size(); ++c) {
    unaccounted = std::max(unaccounted, std::abs(conservation_residual(ledger_, c, N)));
  }
  set(kChipsUnaccounted, unaccounted);

  // Bipolarity and regime.
  const Bipolarity b = bipolarity(w.nations.gdp, w.nations.lean);
  set(kBipolarity, b.index);
  set(kBipolarityCoverage, b.coverage);
  set(kBipolarityBalance, b.balance);
  const RegimeInputs inputs{ratio,     frontier_us, frontier_china, origin[0],
                            origin[1], open_us,     open_china};
  const Regime regime = classify_regime(inputs, w.regimes);
  set(kRegimeUsLed, regime == Regime::kUsLed);
  set(kRegimeChinaLed, regime == Regime::kChinaLed);
  set(kRegimeSymmetric, regime == Regime::kSymmetricBipolar);
  set(kRegimeAsymmetric, regime == Regime::kAsymmetricBipolar);

  for (std::size_t k = 0; k < layout_.counters; ++k) {
    set(layout_.fired(k), schedule_.fired_by(k, t_));
  }
}

ReplicaSeries run_replica(const v1::Scenario& scenario, std::uint64_t seed, std::uint32_t replica) {
  Simulation simulation(scenario, seed, replica);
  simulation.run_to_end();
  return simulation.take_series();
}

}  // namespace blocsim
