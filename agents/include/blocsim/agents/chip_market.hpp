#pragma once
// The monthly chip market: nations spend their chip budgets across the chips they may buy, blocked
// demand partly leaks through named channels and is otherwise re-spent on accessible chips,
// licence caps bind, and scarce chips are rationed pro rata. Chips are conserved every month:
//   produced + inventory_in = delivered + seized + inventory_out.
// Equations: docs/MODEL.md, "Chip market".

#include <cstdint>
#include <string>
#include <vector>

#include "blocsim/agents/trade_rules.hpp"
#include "blocsim/agents/world.hpp"

namespace blocsim {

struct LeakageChannel {
  std::string id;             // "hubs", "subsidiaries", "grey_market"
  double rate = 0.0;          // share of blocked demand (USD) the channel serves, this replica
  double markup = 0.0;        // price markup over list
  double interdiction = 0.0;  // share of the channel's chips seized on the way
  bool through_hubs = false;  // works only while some nation is a transshipment hub
};

struct MarketParams {
  double choice_beta = 0.0;      // logit sharpness on ln(performance per dollar)
  double home_preference = 0.0;  // utility of a chip from the buyer's own bloc, times its lean
  // Response rule: blocked budget that does not leak is re-spent on the chips a nation may buy.
  bool import_substitution = false;
  std::vector<LeakageChannel> leakage;
};

// Where the month's chips went. Arrays are indexed [chip * nations + nation] unless noted.
struct MarketLedger {
  std::vector<double> produced;       // per chip
  std::vector<double> inventory_in;   // per chip, unsold stock carried from last month
  std::vector<double> delivered;      // units arriving, all channels
  std::vector<double> leaked;         // units arriving through leakage channels (in delivered)
  std::vector<double> seized;         // per chip, lost to interdiction
  std::vector<double> inventory_out;  // per chip, unsold, carried to next month
  std::vector<double> cap_used;       // per cap group, units delivered under the cap
  std::vector<double> spent;          // per nation, USD
  std::vector<double> blocked_share;  // per nation: share of its chip budget export rules blocked
  // Per nation, H100e (training) arriving: made at home, imported legally, leaked.
  std::vector<double> domestic_h100e;
  std::vector<double> licensed_h100e;
  std::vector<double> leaked_h100e;
  // Scratch, sized once (the market allocates nothing after the first month).
  std::vector<double> legal_units;  // [chip * nations + nation] legal demand
  std::vector<double> leak_units;   // [(chip * nations + nation) * channels + k]
  std::vector<double> utility;      // per chip
};

// Clears month t. `inventory` is per chip and is updated in place (in: carried, out: unsold).
void clear_market(std::size_t t, std::size_t months, const Chips& chips, const Nations& nations,
                  const TradeRules& rules, const MarketParams& params,
                  std::vector<double>& inventory, MarketLedger& ledger);

// produced + inventory_in - delivered - seized - inventory_out for a chip (0 when conserved).
double conservation_residual(const MarketLedger& ledger, std::size_t chip, std::size_t nations);

}  // namespace blocsim
