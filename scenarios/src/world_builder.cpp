#include "blocsim/scenarios/world_builder.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "adoption_rule_settings.hpp"
#include "blocsim/agents/blocs.hpp"
#include "blocsim/core/distribution.hpp"
#include "blocsim/scenarios/parameters.hpp"

namespace blocsim {

namespace {

std::size_t index_of(const v1::Scenario& s, const std::string& nation) {
  for (int i = 0; i < s.nations_size(); ++i) {
    if (s.nations(i).id() == nation) return static_cast<std::size_t>(i);
  }
  return 0;  // validation guarantees every id resolves
}

// Units produced in each month: the schedule's value from each point on, times the factor.
void fill_capacity(const v1::Chip& chip, YearMonth start, std::size_t months, double factor,
                   double* out) {
  for (std::size_t t = 0; t < months; ++t) {
    const int month = start.index() + static_cast<int>(t);
    double units = 0.0;
    for (const auto& point : chip.capacity()) {
      if (YearMonth::parse(point.from())->index() <= month) units = point.units_per_month();
    }
    out[t] = units * factor;
  }
}

void build_chips(const v1::Scenario& s, const ReplicaWorld& w, ReplicaKey key, Chips& chips) {
  const std::size_t C = static_cast<std::size_t>(s.chips_size());
  chips.capacity.assign(C * w.months, 0.0);
  for (std::size_t c = 0; c < C; ++c) {
    const auto& chip = s.chips(static_cast<int>(c));
    chips.id.push_back(chip.id());
    chips.maker.push_back(chip.maker());
    chips.home.push_back(static_cast<std::uint16_t>(index_of(s, chip.home_nation())));
    chips.origin.push_back(origin_of_nation(chip.home_nation()));
    chips.perf_train.push_back(chip.perf_train());
    chips.perf_inference.push_back(chip.perf_inference());
    chips.price.push_back(chip.price_usd());
    const double factor = kChipCapacityFactor.draw(chip, key);
    fill_capacity(chip, w.start, w.months, std::max(0.0, factor),
                  chips.capacity.data() + c * w.months);
  }
}

void build_nations(const v1::Scenario& s, Nations& nations, Geography& geography) {
  for (const auto& n : s.nations()) {
    nations.id.push_back(n.id());
    nations.gdp.push_back(n.gdp_usd_tn());
    nations.gdp_per_capita.push_back(n.gdp_usd_tn() * 1e12 / (n.population_m() * 1e6));
    nations.energy_gw.push_back(n.energy_gw());
    nations.energy_growth.push_back(n.energy_growth());
    nations.chip_budget.push_back(n.ai_capex_usd_bn() * 1e9 * s.market().capex_chip_share() / 12.0);
    nations.budget_growth.push_back(n.capex_growth());
    nations.developers.push_back(n.developers_m() * 1e6);
    nations.lean0.push_back(n.bloc_lean());
    nations.lean.push_back(n.bloc_lean());
    nations.stock.push_back(n.compute_h100e());
    nations.hub.push_back(n.transshipment_hub() ? 1 : 0);
    nations.origin.push_back(origin_of_nation(n.id()));
    geography.lat.push_back(n.lat());
    geography.lon.push_back(n.lon());
    geography.language.push_back(n.language());
  }
  geography.same_language = s.developers().same_language_ties();
}

void build_labs(const v1::Scenario& s, Labs& labs) {
  for (const auto& l : s.labs()) {
    labs.id.push_back(l.id());
    labs.home.push_back(static_cast<std::uint16_t>(index_of(s, l.home_nation())));
    labs.origin.push_back(origin_of_nation(l.home_nation()));
    labs.open.push_back(l.openness() == v1::OPEN ? 1 : 0);
    labs.compute_share.push_back(l.compute_share());
    labs.efficiency.push_back(l.algorithmic_efficiency());
    // Quality, cost and price are the model's own, set before month 0 (Simulation); the
    // reported figures in the file are calibration targets only.
    labs.quality.push_back(0.0);
    labs.cost.push_back(0.0);
    labs.price.push_back(0.0);
    labs.release_rate.push_back(1.0 / l.release_interval_months());
  }
}

DeveloperTieSettings tie_settings(const v1::DeveloperSettings& dev) {
  DeveloperTieSettings t;
  t.ties_within = dev.ties_within();
  t.rewire = dev.rewire();
  t.ties_across = dev.ties_across();
  const auto& g = dev.graph();
  switch (g.kind()) {
    case v1::TieGraph::COMPLETE:
      t.kind = TieGraphKind::kComplete;
      break;
    case v1::TieGraph::RING_LATTICE:
      t.kind = TieGraphKind::kRingLattice;
      break;
    case v1::TieGraph::ERDOS_RENYI:
      t.kind = TieGraphKind::kErdosRenyi;
      break;
    case v1::TieGraph::POWER_LAW:
      t.kind = TieGraphKind::kPowerLaw;
      break;
    default:
      t.kind = TieGraphKind::kSmallWorld;
      break;  // unset or SMALL_WORLD
  }
  t.mean_degree = g.mean_degree();
  t.gamma = g.gamma();
  t.min_degree = g.min_degree();
  t.max_degree = g.max_degree();
  return t;
}

}  // namespace

std::vector<std::string> run_dates(const v1::Scenario& scenario) {
  const auto start = *YearMonth::parse(scenario.run().start());
  const auto end = *YearMonth::parse(scenario.run().end());
  std::vector<std::string> dates;
  for (int m = start.index(); m <= end.index(); ++m)
    dates.push_back(YearMonth::from_index(m).str());
  return dates;
}

std::vector<std::uint32_t> agents_per_nation(const v1::Scenario& s) {
  const std::size_t N = static_cast<std::size_t>(s.nations_size());
  const std::uint32_t total = s.developers().agents();
  const std::uint32_t floor_each = std::min<std::uint32_t>(s.developers().min_agents_per_nation(),
                                                           total / static_cast<std::uint32_t>(N));
  double developers = 0.0;
  for (const auto& n : s.nations()) developers += n.developers_m();
  const double spread = static_cast<double>(total - floor_each * N);
  std::vector<std::uint32_t> count(N);
  std::vector<std::pair<double, std::size_t>> remainder(N);
  std::uint32_t assigned = 0;
  for (std::size_t n = 0; n < N; ++n) {
    const double exact = spread * s.nations(static_cast<int>(n)).developers_m() / developers;
    count[n] = floor_each + static_cast<std::uint32_t>(exact);
    assigned += count[n];
    remainder[n] = {exact - std::floor(exact), n};
  }
  // Largest remainders first; ties go to the earlier nation, so the split is deterministic.
  std::stable_sort(remainder.begin(), remainder.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; assigned < total; ++k, ++assigned) ++count[remainder[k % N].second];
  return count;
}

ReplicaWorld build_world(const v1::Scenario& s, ReplicaKey key) {
  ReplicaWorld w;
  w.start = *YearMonth::parse(s.run().start());
  w.months = run_dates(s).size();

  build_nations(s, w.nations, w.geography);
  build_chips(s, w, key, w.chips);
  build_labs(s, w.labs);

  // Developers: contiguous blocks per nation.
  const std::vector<std::uint32_t> counts = agents_per_nation(s);
  Developers& d = w.developers;
  d.first.assign(1, 0);
  for (std::size_t n = 0; n < counts.size(); ++n) {
    d.nation.insert(d.nation.end(), counts[n], static_cast<std::uint16_t>(n));
    d.first.push_back(d.first.back() + counts[n]);
    d.weight.push_back(counts[n] > 0 ? w.nations.developers[n] / counts[n] : 0.0);
  }
  // The first agents of each nation's block are its public sector (usage bans may target it).
  d.sector.assign(d.nation.size(), 0);
  for (std::size_t n = 0; n < counts.size(); ++n) {
    const auto public_agents =
        static_cast<std::uint32_t>(std::ceil(s.developers().public_sector_share() * counts[n]));
    std::fill_n(d.sector.begin() + d.first[n], std::min(public_agents, counts[n]), std::uint8_t{1});
  }
  d.model.assign(d.nation.size(), 0);
  d.next_model.assign(d.nation.size(), 0);

  d.ties = build_developer_ties(d, w.geography, tie_settings(s.developers()), key);
  w.graph = build_world_graph(w.nations, w.labs, w.geography);

  // Parameters.
  const auto& m = s.market();
  w.market.choice_beta = m.chip_choice_beta();
  w.market.home_preference = m.home_chip_preference();
  w.market.import_substitution = s.responses().import_substitution();
  for (const auto& channel : m.leakage()) {
    w.market.leakage.push_back(
        {channel.id(), std::clamp(kLeakageRate.draw(channel, key), 0.0, 1.0), channel.markup(),
         std::clamp(kLeakageInterdiction.draw(channel, key), 0.0, 1.0), channel.id() == "hubs"});
  }
  w.compute = {m.depreciation_half_life_months(), m.h100e_per_gw(), m.h100e_per_gw_growth()};
  const auto& ld = s.lab_dynamics();
  w.lab_params.algorithmic_progress = ld.algorithmic_progress();
  w.lab_params.quality_per_decade = ld.quality_per_decade();
  w.lab_params.compute_for_quality_100 = ld.compute_for_quality_100();
  w.lab_params.distillation_margin = ld.distillation_margin();
  w.lab_params.open_weight_margin = ld.open_weight_margin();
  w.serving.mtokens_per_h100e_hour = ld.mtokens_per_h100e_hour();
  w.serving.energy_usd_per_h100e_hour = ld.energy_usd_per_h100e_hour();
  // The mean life of a stock that halves every h months is h / ln 2.
  w.serving.chip_life_months = m.depreciation_half_life_months() / std::log(2.0);
  w.serving.price_pass_through = ld.price_pass_through();
  w.serving.max_markup = ld.max_markup();
  const auto& a = s.adoption();
  w.adoption.beta_quality = a.beta_quality();
  w.adoption.beta_log_price = a.beta_log_price();
  w.adoption.price_income_elasticity = a.price_income_elasticity();
  w.adoption.beta_open = a.beta_open();
  w.adoption.home_bloc = a.home_bloc();
  w.adoption.network_j = a.network_j();
  w.adoption.switching_cost = a.switching_cost();
  w.adoption.mu = a.mu();
  w.adoption.gdp_per_capita_ref = a.gdp_per_capita_ref();
  w.adoption.price_floor = a.price_floor();
  w.adoption.reconsider_rate = s.developers().reconsider_rate();
  set_rule_params(a, w.adoption);
  w.alignment = {s.alignment().rate(), s.alignment().pull(),
                 s.alignment().open_weight_dependence()};
  w.regimes = {s.regimes().decisive_compute_ratio(), s.regimes().decisive_quality_gap(),
               s.regimes().decisive_adoption_ratio(), s.regimes().lead_margin()};
  return w;
}

}  // namespace blocsim
