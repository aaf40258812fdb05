#include "blocsim/agents/chip_market.hpp"

#include <algorithm>
#include <cmath>

namespace blocsim {

namespace {

void size_ledger(MarketLedger& ledger, std::size_t chips, std::size_t nations, std::size_t channels,
                 std::size_t cap_groups) {
  auto zero = [](std::vector<double>& v, std::size_t n) { v.assign(n, 0.0); };
  zero(ledger.produced, chips);
  zero(ledger.inventory_in, chips);
  zero(ledger.delivered, chips * nations);
  zero(ledger.leaked, chips * nations);
  zero(ledger.seized, chips);
  zero(ledger.inventory_out, chips);
  zero(ledger.cap_used, cap_groups);
  zero(ledger.spent, nations);
  zero(ledger.blocked_share, nations);
  zero(ledger.domestic_h100e, nations);
  zero(ledger.licensed_h100e, nations);
  zero(ledger.leaked_h100e, nations);
  zero(ledger.legal_units, chips * nations);
  zero(ledger.leak_units, chips * nations * channels);
  zero(ledger.utility, chips);
}

// The share of a bloc-aligned buyer's preference for a chip from its own side: lean toward the
// chip's origin, 0 for chips from elsewhere or buyers leaning the other way.
double bloc_affinity(Origin chip_origin, double lean) {
  if (chip_origin == Origin::kUs) return std::max(lean, 0.0);
  if (chip_origin == Origin::kChina) return std::max(-lean, 0.0);
  return 0.0;
}

bool any_hub(const Nations& nations) {
  return std::any_of(nations.hub.begin(), nations.hub.end(), [](auto h) { return h != 0; });
}

double landed_price(const Chips& chips, const TradeRules& rules, std::size_t c, std::size_t n) {
  const ExportTerms& terms = rules.at(c, n);
  const bool domestic = chips.home[c] == n;
  const double tariff = !domestic && terms.access == ExportAccess::kLicence ? terms.tariff : 0.0;
  return chips.price[c] * (1.0 + tariff);
}

// Share of a nation's demand for a chip that may be bought legally.
double legal_share(const Chips& chips, const TradeRules& rules, std::size_t c, std::size_t n) {
  if (chips.home[c] == n) return 1.0;
  const ExportTerms& terms = rules.at(c, n);
  switch (terms.access) {
    case ExportAccess::kAllow:
      return 1.0;
    case ExportAccess::kLicence:
      return terms.vetted_share;
    case ExportAccess::kBan:
      return 0.0;
  }
  return 0.0;
}

// The share of blocked demand one channel serves this month.
double channel_share(const MarketParams& params, const TradeRules& rules, std::size_t k,
                     bool hubs_exist) {
  const LeakageChannel& channel = params.leakage[k];
  if (channel.through_hubs && !hubs_exist) return 0.0;
  return std::clamp(channel.rate * rules.leakage_factor[k], 0.0, 1.0);
}

}  // namespace

void clear_market(std::size_t t, std::size_t months, const Chips& chips, const Nations& nations,
                  const TradeRules& rules, const MarketParams& params,
                  std::vector<double>& inventory, MarketLedger& ledger) {
  const std::size_t C = chips.size();
  const std::size_t N = nations.size();
  const std::size_t K = params.leakage.size();
  size_ledger(ledger, C, N, K, rules.cap_remaining.size());
  const bool hubs_exist = any_hub(nations);

  std::vector<double>& available = ledger.inventory_out;  // reused: supply this month, then unsold
  for (std::size_t c = 0; c < C; ++c) {
    ledger.produced[c] = chips.capacity[c * months + t] * rules.capacity_factor[c];
    ledger.inventory_in[c] = inventory[c];
    available[c] = ledger.produced[c] + inventory[c];
  }

  // 1. Demand: each nation splits its budget by a logit over the chips on the market that its
  // customs lets in; the part of a chip's budget that export rules block either leaks through a
  // channel or is re-spent on the chips it may buy legally.
  for (std::size_t n = 0; n < N; ++n) {
    double max_u = -INFINITY;
    for (std::size_t c = 0; c < C; ++c) {
      ledger.utility[c] = -INFINITY;
      if (available[c] <= 0.0 || rules.blocked(c, n)) continue;
      const double value = chips.perf_train[c] / landed_price(chips, rules, c, n);
      ledger.utility[c] = params.choice_beta * std::log(value * 1e4) +
                          params.home_preference * bloc_affinity(chips.origin[c], nations.lean[n]);
      max_u = std::max(max_u, ledger.utility[c]);
    }
    if (max_u == -INFINITY) continue;
    double z = 0.0;
    double z_legal = 0.0;
    for (std::size_t c = 0; c < C; ++c) {
      const double w = ledger.utility[c] == -INFINITY ? 0.0 : std::exp(ledger.utility[c] - max_u);
      ledger.utility[c] = w;  // from here on: the unnormalised choice weight
      z += w;
      z_legal += w * legal_share(chips, rules, c, n);
    }
    const double budget = nations.chip_budget[n];
    double respend = 0.0;
    for (std::size_t c = 0; c < C; ++c) {
      if (ledger.utility[c] == 0.0) continue;
      const double dollars = budget * ledger.utility[c] / z;
      const double legal = legal_share(chips, rules, c, n);
      const double price = landed_price(chips, rules, c, n);
      ledger.legal_units[c * N + n] += dollars * legal / price;
      const double blocked = dollars * (1.0 - legal);
      ledger.blocked_share[n] += blocked / budget;
      // The channels together serve at most all of the blocked demand.
      double total_share = 0.0;
      for (std::size_t k = 0; k < K; ++k)
        total_share += channel_share(params, rules, k, hubs_exist);
      const double scale = total_share > 1.0 ? 1.0 / total_share : 1.0;
      for (std::size_t k = 0; k < K; ++k) {
        const double share = channel_share(params, rules, k, hubs_exist) * scale;
        ledger.leak_units[(c * N + n) * K + k] =
            blocked * share / (chips.price[c] * (1.0 + params.leakage[k].markup));
      }
      respend += blocked * (1.0 - total_share * scale);
    }
    // Re-spent budget follows the legal choice weights (a buyer cut off from one chip buys the
    // next best it may, typically a domestic one with its performance penalty).
    if (params.import_substitution && respend > 0.0 && z_legal > 0.0) {
      for (std::size_t c = 0; c < C; ++c) {
        const double legal = legal_share(chips, rules, c, n);
        if (ledger.utility[c] == 0.0 || legal == 0.0) continue;
        const double dollars = respend * ledger.utility[c] * legal / z_legal;
        ledger.legal_units[c * N + n] += dollars / landed_price(chips, rules, c, n);
      }
    }
  }

  // 2. Licence caps: legal demand under a capped licence is scaled down to the cap exactly.
  std::vector<double>& cap_demand = ledger.cap_used;  // reused: demand, then units used
  for (std::size_t c = 0; c < C; ++c) {
    for (std::size_t n = 0; n < N; ++n) {
      const ExportTerms& terms = rules.at(c, n);
      if (terms.access == ExportAccess::kLicence && terms.cap_group >= 0 && chips.home[c] != n) {
        cap_demand[static_cast<std::size_t>(terms.cap_group)] += ledger.legal_units[c * N + n];
      }
    }
  }
  for (std::size_t c = 0; c < C; ++c) {
    for (std::size_t n = 0; n < N; ++n) {
      const ExportTerms& terms = rules.at(c, n);
      if (terms.access != ExportAccess::kLicence || terms.cap_group < 0 || chips.home[c] == n) {
        continue;
      }
      const auto g = static_cast<std::size_t>(terms.cap_group);
      const double cap = std::max(0.0, rules.cap_remaining[g]);
      if (cap_demand[g] > cap) ledger.legal_units[c * N + n] *= cap / cap_demand[g];
    }
  }
  for (double& d : cap_demand) d = 0.0;

  // 3. Rationing: when a chip's demand exceeds its supply, every buyer and channel gets the same
  // fraction. Leaked chips may then be seized on the way.
  for (std::size_t c = 0; c < C; ++c) {
    double demand = 0.0;
    for (std::size_t n = 0; n < N; ++n) {
      demand += ledger.legal_units[c * N + n];
      for (std::size_t k = 0; k < K; ++k) demand += ledger.leak_units[(c * N + n) * K + k];
    }
    const double fill = demand > available[c] ? available[c] / demand : 1.0;
    double shipped = 0.0;
    for (std::size_t n = 0; n < N; ++n) {
      const std::size_t cn = c * N + n;
      const double legal = ledger.legal_units[cn] * fill;
      double leaked = 0.0;
      for (std::size_t k = 0; k < K; ++k) {
        const double units = ledger.leak_units[cn * K + k] * fill;
        const double seized = units * params.leakage[k].interdiction;
        ledger.seized[c] += seized;
        leaked += units - seized;
        shipped += units;
        ledger.spent[n] += units * chips.price[c] * (1.0 + params.leakage[k].markup);
      }
      shipped += legal;
      ledger.delivered[cn] = legal + leaked;
      ledger.leaked[cn] = leaked;
      ledger.spent[n] += legal * landed_price(chips, rules, c, n);
      const double h100e = chips.perf_train[c];
      if (chips.home[c] == n) {
        ledger.domestic_h100e[n] += legal * h100e;
      } else {
        ledger.licensed_h100e[n] += legal * h100e;
      }
      ledger.leaked_h100e[n] += leaked * h100e;
      const ExportTerms& terms = rules.at(c, n);
      if (terms.access == ExportAccess::kLicence && terms.cap_group >= 0 && chips.home[c] != n) {
        ledger.cap_used[static_cast<std::size_t>(terms.cap_group)] += legal;
      }
    }
    available[c] = std::max(0.0, available[c] - shipped);  // now the unsold inventory
    inventory[c] = available[c];
  }
}

double conservation_residual(const MarketLedger& ledger, std::size_t chip, std::size_t nations) {
  double delivered = 0.0;
  for (std::size_t n = 0; n < nations; ++n) delivered += ledger.delivered[chip * nations + n];
  return ledger.produced[chip] + ledger.inventory_in[chip] - delivered - ledger.seized[chip] -
         ledger.inventory_out[chip];
}

}  // namespace blocsim
