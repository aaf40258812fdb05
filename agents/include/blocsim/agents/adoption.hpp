#pragma once
// Developer adoption, the default rule: a multinomial logit over the models on offer.
// A developer i of nation n who reconsiders this month picks model j with probability
// proportional to exp(U_ij / mu), where
//   U_ij = V_nj + J * (share of i's ties on j) - c * [j != current model of i]
//   V_nj = b_q Q_j - b_p s_n ln(p_j + p0) + b_o open_j + h lean_n sign(origin_j)  (banned: out)
// with price sensitivity s_n = (gdp_pc_ref / gdp_pc_n)^e and p0 the price floor (the cost of
// using a model beyond its price, so that a free model is not infinitely attractive). Equations:
// docs/MODEL.md, "Adoption".
//
// The kernel separates what depends on the nation (V_nj, computed once per nation and month)
// from what depends on the developer (ties and current model), so one update costs O(models +
// ties) with one random block and no allocation. Updates are synchronous: every developer reads
// last month's choices, so the result does not depend on the order developers are processed.

#include <cstdint>
#include <vector>

#include "blocsim/agents/world.hpp"
#include "blocsim/core/random_stream.hpp"

namespace blocsim {

inline constexpr std::size_t kMaxModels = 64;

struct AdoptionParams {
  double beta_quality = 0.0;
  double beta_log_price = 0.0;
  double price_income_elasticity = 0.0;
  double gdp_per_capita_ref = 0.0;  // USD; s_n = 1 at this income
  double price_floor = 0.0;         // USD per 1M tokens
  double beta_open = 0.0;
  double home_bloc = 0.0;
  double network_j = 0.0;
  double switching_cost = 0.0;
  double mu = 0.0;
  double reconsider_rate = 0.0;  // per month
};

inline constexpr std::size_t kSectors = 2;  // private, public

// What the kernel needs per sector, nation and model this month. Row r = sector * nations + n.
struct AdoptionOffer {
  std::size_t models = 0;
  std::size_t nations = 0;
  std::vector<double> weight;        // [r * models + j]: exp(V_nj / mu), 0 if j is banned there
  std::vector<double> forced_leave;  // [r * models + j]: probability a user of j must reconsider
};

// The sign of a model's origin on the lean axis: +1 US, -1 China, 0 elsewhere.
double origin_sign(Origin origin);

// Fills offer.weight from the labs' current models. `banned[(sector * nations + n) * models + j]`
// is nonzero when nation n bars model j for that sector.
void price_the_offer(const AdoptionParams& params, const Nations& nations, const Labs& labs,
                     const std::vector<std::uint8_t>& banned, AdoptionOffer& offer);

// Developers [begin, end) choose for month t, reading `developers.model` and writing
// `developers.next_model`. Call commit_choices after all ranges are done.
void adopt(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
           const AdoptionOffer& offer, Developers& developers, std::uint32_t begin,
           std::uint32_t end);

void commit_choices(Developers& developers);

// Weighted shares of each model per nation: share[n * models + j], each nation's row sums to 1.
void tally_adoption(const Developers& developers, std::size_t nations, std::size_t models,
                    std::vector<double>& share);

}  // namespace blocsim
