#pragma once
// What a model costs to serve and what its lab charges. Serving cost per token follows from the
// chips the lab's nation serves with (their landed prices per unit of inference performance, spread
// over their life, plus energy) and the lab's efficiency. Closed-weight labs set Bertrand-Nash
// prices against the developers' logit demand; open weights can be self-hosted by anyone, so their
// price is their serving cost. Equations: docs/MODEL.md, "Serving costs and prices".

#include <cstdint>
#include <vector>

#include "blocsim/agents/adoption.hpp"
#include "blocsim/agents/chip_market.hpp"
#include "blocsim/agents/world.hpp"

namespace blocsim {

struct ServingParams {
  double mtokens_per_h100e_hour = 0.0;     // million tokens an H100e serves per hour, efficiency 1
  double energy_usd_per_h100e_hour = 0.0;  // power for one H100e for an hour
  double chip_life_months = 0.0;           // a chip's cost is spread over its mean life
  double price_pass_through = 0.0;         // serving cost per token scales as efficiency^-pi
  double max_markup = 0.0;                 // the highest price / cost (demand inelastic there)
};

// Each nation's serving fleet: its chips' value and inference performance, both depreciated at
// the stock's rate, so their ratio is what a unit of inference performance cost it on average.
struct ServingFleet {
  std::vector<double> value;  // USD
  std::vector<double> units;  // H100e of inference performance
};

// The fleet before month 0: each nation's starting stock valued at the world's month-0 production
// mix (list price per unit of inference performance).
void start_fleet(const Chips& chips, const Nations& nations, ServingFleet& fleet);

// Ages the fleet by `survival` and adds the month's deliveries at what the nation paid for them
// (landed prices, tariffs and leakage markups included).
void update_fleet(const Chips& chips, const MarketLedger& ledger, double survival,
                  ServingFleet& fleet);

// USD per hour of one H100e of inference performance in nation n.
double hourly_cost(const ServingParams& params, const ServingFleet& fleet, std::size_t n);

// Every lab's serving cost (USD per million tokens) this month: its nation's hourly cost over
// the tokens an hour serves at its efficiency, times `cost_factor[l]` (price events shock cost).
void set_serving_costs(const ServingParams& params, const ServingFleet& fleet,
                       const std::vector<double>& cost_factor, Labs& labs);

struct PricingScratch {
  std::vector<double> base;         // [n * models + j]: V_nj without its price term, over mu
  std::vector<double> sensitivity;  // [n]: s_n / mu
  std::vector<double> last_step;    // [j]: the previous round's move of the map
  std::vector<double> sold;         // [j]: sum_n D_n s_nj
  std::vector<double> elastic;      // [j]: sum_n D_n s_nj (1 - s_nj) b_n / mu
};

// The most best-response rounds per month and the relative change at which prices are taken as
// converged.
inline constexpr int kPricingIterations = 200;
inline constexpr double kPricingTolerance = 1e-6;

// Sets every lab's price from labs.cost: open weights at cost; closed weights at the Bertrand-Nash
// price under the private-sector logit demand of every nation (weighted by its developers):
//   p_j = (eta_j c_j + p0) / (eta_j - 1),
//   eta_j = sum_n D_n s_nj (1 - s_nj) b_n / mu / sum_n D_n s_nj
// (the first-order condition of (p - c) D(p) under that demand), kept within [c_j, max_markup c_j]
// (the cap binds where eta_j <= 1: demand too inelastic for a finite price). Found by iterating
// p <- c + (p + p0) / eta(p) from last month's prices (over-relaxed while a price moves one way
// and eta > 2, damped when it swings). Returns the
// rounds it took (kPricingIterations if it did not converge; the last round's prices stand).
int set_prices(const AdoptionParams& demand, const Nations& nations,
               const std::vector<std::uint8_t>& banned, const ServingParams& params, Labs& labs,
               PricingScratch& scratch);

}  // namespace blocsim
