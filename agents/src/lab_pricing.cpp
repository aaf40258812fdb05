#include "blocsim/agents/lab_pricing.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace blocsim {
namespace {

constexpr double kHoursPerMonth = 730.0;

}  // namespace

void start_fleet(const Chips& chips, const Nations& nations, ServingFleet& fleet) {
  const std::size_t months = chips.size() == 0 ? 0 : chips.capacity.size() / chips.size();
  double spend = 0.0;
  double units = 0.0;
  for (std::size_t c = 0; c < chips.size(); ++c) {
    const double made = months == 0 ? 0.0 : chips.capacity[c * months];
    spend += made * chips.price[c];
    units += made * chips.perf_inference[c];
  }
  const double unit_price = units > 0.0 ? spend / units : 0.0;
  fleet.value.assign(nations.size(), 0.0);
  fleet.units.assign(nations.size(), 0.0);
  for (std::size_t n = 0; n < nations.size(); ++n) {
    fleet.units[n] = nations.stock[n];
    fleet.value[n] = nations.stock[n] * unit_price;
  }
}

void update_fleet(const Chips& chips, const MarketLedger& ledger, double survival,
                  ServingFleet& fleet) {
  const std::size_t N = fleet.units.size();
  for (std::size_t n = 0; n < N; ++n) {
    double units = 0.0;
    for (std::size_t c = 0; c < chips.size(); ++c) {
      units += ledger.delivered[c * N + n] * chips.perf_inference[c];
    }
    fleet.units[n] = fleet.units[n] * survival + units;
    fleet.value[n] = fleet.value[n] * survival + ledger.spent[n];
  }
}

double hourly_cost(const ServingParams& params, const ServingFleet& fleet, std::size_t n) {
  const double unit_price = fleet.units[n] > 0.0 ? fleet.value[n] / fleet.units[n] : 0.0;
  return unit_price / (params.chip_life_months * kHoursPerMonth) + params.energy_usd_per_h100e_hour;
}

void set_serving_costs(const ServingParams& params, const ServingFleet& fleet,
                       const std::vector<double>& cost_factor, Labs& labs) {
  for (std::size_t l = 0; l < labs.size(); ++l) {
    const double tokens =
        params.mtokens_per_h100e_hour * std::pow(labs.efficiency[l], params.price_pass_through);
    labs.cost[l] = hourly_cost(params, fleet, labs.home[l]) / tokens * cost_factor[l];
  }
}

int set_prices(const AdoptionParams& demand, const Nations& nations,
               const std::vector<std::uint8_t>& banned, const ServingParams& params, Labs& labs,
               PricingScratch& scratch) {
  const std::size_t M = labs.size();
  const std::size_t N = nations.size();
  scratch.base.resize(N * M);
  scratch.sensitivity.resize(N);
  scratch.last_step.assign(M, 0.0);
  scratch.sold.resize(M);
  scratch.elastic.resize(M);
  for (std::size_t n = 0; n < N; ++n) {
    scratch.sensitivity[n] = price_sensitivity(demand, nations.gdp_per_capita[n]) / demand.mu;
    for (std::size_t j = 0; j < M; ++j) {
      scratch.base[n * M + j] = utility_before_price(demand, labs, j, nations.lean[n]) / demand.mu;
    }
  }
  bool any_closed = false;
  for (std::size_t j = 0; j < M; ++j) {
    if (labs.open[j]) {
      labs.price[j] = labs.cost[j];  // anyone may host open weights: no margin survives
    } else {
      any_closed = true;
      // Start from last month's price, inside this month's bounds (a first month: 1.5 x cost).
      const double c = labs.cost[j];
      labs.price[j] = labs.price[j] > 0.0 ? std::clamp(labs.price[j], c, params.max_markup * c)
                                          : std::min(1.5, params.max_markup) * c;
    }
  }
  if (!any_closed) return 0;
  for (int round = 1; round <= kPricingIterations; ++round) {
    // eta_j's numerator and denominator, summed over nations.
    std::vector<double>& sold = scratch.sold;
    std::vector<double>& elastic = scratch.elastic;
    std::fill(sold.begin(), sold.end(), 0.0);
    std::fill(elastic.begin(), elastic.end(), 0.0);
    std::array<double, kMaxModels> log_price;
    for (std::size_t j = 0; j < M; ++j) log_price[j] = std::log(labs.price[j] + demand.price_floor);
    for (std::size_t n = 0; n < N; ++n) {
      const double b = scratch.sensitivity[n];
      std::array<double, kMaxModels> w;
      double max_v = -INFINITY;
      for (std::size_t j = 0; j < M; ++j) {
        w[j] = scratch.base[n * M + j] - b * log_price[j];
        if (!banned[n * M + j]) max_v = std::max(max_v, w[j]);
      }
      if (!std::isfinite(max_v)) continue;  // every model barred here: no demand
      double total = 0.0;
      for (std::size_t j = 0; j < M; ++j) {
        w[j] = banned[n * M + j] ? 0.0 : std::exp(w[j] - max_v);
        total += w[j];
      }
      const double developers = nations.developers[n];
      for (std::size_t j = 0; j < M; ++j) {
        const double s = w[j] / total;
        sold[j] += developers * s;
        elastic[j] += developers * s * (1.0 - s) * b;
      }
    }
    double change = 0.0;
    for (std::size_t j = 0; j < M; ++j) {
      if (labs.open[j]) continue;
      const double c = labs.cost[j];
      const double cap = params.max_markup * c;
      const double eta = sold[j] > 0.0 ? elastic[j] / sold[j] : 0.0;
      // The first-order condition written as a map, p <- c + (p + p0) / eta(p) (Morrow and
      // Skerlos's zeta-map for logit demand, for log price): its fixed point is the Bertrand-Nash
      // price, and unlike the best response (eta c + p0) / (eta - 1) it does not blow up where
      // eta approaches 1.
      const double markup = eta > 0.0 ? (labs.price[j] + demand.price_floor) / eta : cap;
      // With eta held, the map's fixed point is a step of eta / (eta - 1) along it (the best
      // response). Where eta > 2 and the price kept moving the same way, that longer step halves
      // the rounds a month takes; where the step changed direction, eta depends strongly on the
      // price (a lab with most of a market) and half a step damps the swing.
      const double step = c + markup - labs.price[j];
      const double last = scratch.last_step[j];
      const double relax = step * last < 0.0 ? 0.5 : (eta > 2.0 ? eta / (eta - 1.0) : 1.0);
      scratch.last_step[j] = step;
      const double updated = std::clamp(labs.price[j] + relax * step, c, cap);
      // (A lab serving for free, cost 0 with no fleet and no energy price, has price 0 and
      // does not move.)
      if (labs.price[j] > 0.0) {
        change = std::max(change, std::abs(updated - labs.price[j]) / labs.price[j]);
      }
      labs.price[j] = updated;
    }
    if (change < kPricingTolerance) return round;
  }
  return kPricingIterations;
}

}  // namespace blocsim
