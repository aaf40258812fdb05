#pragma once
// Hand-built worlds for the tests of the agents and policies (and the adoption benchmark): a
// world written as one row per chip, nation and lab, turned into the model's arrays
// (agents/include/blocsim/agents/world.hpp) in one place, plus the rows and parameters those
// tests share. Header-only and free of GoogleTest, so bench/ can use it too.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "blocsim/agents/adoption.hpp"
#include "blocsim/agents/chip_market.hpp"
#include "blocsim/agents/lab_dynamics.hpp"
#include "blocsim/agents/lab_pricing.hpp"
#include "blocsim/agents/world.hpp"
#include "blocsim/core/developer_graph.hpp"
#include "blocsim/core/graph_generators.hpp"

namespace blocsim::test_support {

// A chip; it is produced at `units_per_month` every month of the run.
struct ChipRow {
  std::string id;
  std::string maker;
  std::size_t home = 0;  // nation index
  Origin origin = Origin::kOther;
  double perf_train = 0.0;
  double perf_inference = 0.0;
  double price = 0.0;
  double units_per_month = 0.0;
};

// A nation at the start of the run (lean is both lean0 and lean).
struct NationRow {
  std::string id;
  double gdp = 0.0;
  double gdp_per_capita = 0.0;
  double energy_gw = 0.0;
  double energy_growth = 0.0;
  double chip_budget = 0.0;
  double budget_growth = 0.0;
  double developers = 0.0;
  double lean = 0.0;
  double stock = 0.0;
  bool hub = false;
  Origin origin = Origin::kOther;
};

// A lab at the start of the run (its efficiency as given; its serving cost
// starts equal to its price).
struct LabRow {
  std::string id;
  std::size_t home = 0;  // nation index
  Origin origin = Origin::kOther;
  bool open = false;
  double compute_share = 0.0;
  double efficiency = 0.0;
  double quality = 0.0;
  double price = 0.0;
  double release_rate = 0.0;
};

inline Chips make_chips(const std::vector<ChipRow>& rows, std::size_t months) {
  Chips chips;
  for (const ChipRow& row : rows) {
    chips.id.push_back(row.id);
    chips.maker.push_back(row.maker);
    chips.home.push_back(static_cast<std::uint16_t>(row.home));
    chips.origin.push_back(row.origin);
    chips.perf_train.push_back(row.perf_train);
    chips.perf_inference.push_back(row.perf_inference);
    chips.price.push_back(row.price);
    chips.capacity.insert(chips.capacity.end(), months, row.units_per_month);
  }
  return chips;
}

inline Nations make_nations(const std::vector<NationRow>& rows) {
  Nations nations;
  for (const NationRow& row : rows) {
    nations.id.push_back(row.id);
    nations.gdp.push_back(row.gdp);
    nations.gdp_per_capita.push_back(row.gdp_per_capita);
    nations.energy_gw.push_back(row.energy_gw);
    nations.energy_growth.push_back(row.energy_growth);
    nations.chip_budget.push_back(row.chip_budget);
    nations.budget_growth.push_back(row.budget_growth);
    nations.developers.push_back(row.developers);
    nations.lean0.push_back(row.lean);
    nations.lean.push_back(row.lean);
    nations.stock.push_back(row.stock);
    nations.hub.push_back(row.hub ? 1 : 0);
    nations.origin.push_back(row.origin);
  }
  return nations;
}

inline Labs make_labs(const std::vector<LabRow>& rows) {
  Labs labs;
  for (const LabRow& row : rows) {
    labs.id.push_back(row.id);
    labs.home.push_back(static_cast<std::uint16_t>(row.home));
    labs.origin.push_back(row.origin);
    labs.open.push_back(row.open ? 1 : 0);
    labs.compute_share.push_back(row.compute_share);
    labs.efficiency.push_back(row.efficiency);
    labs.quality.push_back(row.quality);
    labs.cost.push_back(row.price);
    labs.price.push_back(row.price);
    labs.release_rate.push_back(row.release_rate);
  }
  return labs;
}

// counts[n] developer agents in nation n, one real developer each, all in the private sector and
// on model 0, with `ties` between them.
inline Developers developers_by_nation(const std::vector<std::uint32_t>& counts,
                                       TieList ties = {}) {
  Developers d;
  d.first = {0};
  for (std::size_t n = 0; n < counts.size(); ++n) {
    d.nation.insert(d.nation.end(), counts[n], static_cast<std::uint16_t>(n));
    d.first.push_back(d.first.back() + counts[n]);
    d.weight.push_back(1.0);
  }
  d.sector.assign(d.nation.size(), 0);
  d.model.assign(d.nation.size(), 0);
  d.next_model.assign(d.nation.size(), 0);
  d.ties = DeveloperGraph(static_cast<std::uint32_t>(d.nation.size()), std::move(ties));
  return d;
}

// The leaders of the two blocs and a transshipment hub, roughly as in 2025 (GDP in trillion USD,
// GDP per capita in USD, power in GW, chip budgets in USD a month, compute in H100e). The worlds
// built from them put the USA first and China second.
inline NationRow usa() {
  return {"USA", 28.8, 86000.0, 9.0, 0.3, 2e9, 0.3, 4.5e6, 1.0, 4.2e6, false, Origin::kUs};
}
inline NationRow china() {
  return {"CHN", 18.7, 13000.0, 5.0, 0.45, 1e9, 0.3, 6.5e6, -1.0, 5.5e5, false, Origin::kChina};
}
inline NationRow singapore_hub() {
  return {"SGP", 0.5, 83000.0, 0.3, 0.15, 2e8, 0.25, 0.15e6, 0.2, 4.5e4, true, Origin::kOther};
}

// A US GPU (the H100's performance) and a Chinese NPU (0.6 of it), made in nation `home`.
inline ChipRow us_gpu(std::size_t home, double units_per_month) {
  return {"gpu", "usmaker", home, Origin::kUs, 1.0, 1.0, 25000.0, units_per_month};
}
inline ChipRow china_npu(std::size_t home, double units_per_month) {
  return {"npu", "cnmaker", home, Origin::kChina, 0.6, 0.6, 20000.0, units_per_month};
}

// Chip choice as sharp as the baseline's, with a preference for the own bloc's chips; no leakage
// channels and no import substitution unless a test adds them.
inline MarketParams market_params() {
  MarketParams p;
  p.choice_beta = 2.0;
  p.home_preference = 1.5;
  return p;
}

// The baseline's lab dynamics (scenarios/library/baseline.textproto).
inline LabParams lab_params() {
  LabParams p;
  p.algorithmic_progress = 3.0;
  p.quality_per_decade = 10.0;
  p.compute_for_quality_100 = 3.18e7;
  p.distillation_margin = 3.0;
  p.open_weight_margin = 5.0;
  return p;
}

// The baseline's serving costs and price cap (scenarios/library/baseline.textproto), with the
// baseline's chip life (36-month half-life).
inline ServingParams serving_params() {
  ServingParams p;
  p.mtokens_per_h100e_hour = 1.0;
  p.energy_usd_per_h100e_hour = 0.06;
  p.chip_life_months = 36.0 / 0.6931471805599453;
  p.price_pass_through = 0.5;
  p.max_markup = 20.0;
  return p;
}

// The baseline's logit rule (scenarios/library/baseline.textproto), with every developer
// reconsidering every month.
inline AdoptionParams logit_params() {
  AdoptionParams p;
  p.beta_quality = 0.5;
  p.beta_log_price = 1.5;
  p.price_income_elasticity = 0.2;
  p.gdp_per_capita_ref = 85000.0;
  p.price_floor = 1.0;
  p.beta_open = 0.2;
  p.home_bloc = 1.0;
  p.network_j = 1.5;
  p.switching_cost = 1.0;
  p.mu = 1.0;
  p.reconsider_rate = 1.0;
  return p;
}

}  // namespace blocsim::test_support
