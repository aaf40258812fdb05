#pragma once
// Developer adoption, the default rule: a multinomial logit over the models on offer. The other
// rules (Bass, threshold, cascade, complex contagion) are in adoption_rules.hpp; docs/DIFFUSION.md.
// A developer i of nation n who reconsiders this month picks model j with probability
// proportional to exp(U_ij / mu), where
//   U_ij = V_nj + J * (share of i's ties on j, or on j's origin) - c * [j != current model of i]
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

#include "blocsim/agents/adoption_rules.hpp"
#include "blocsim/agents/world.hpp"
#include "blocsim/core/random_stream.hpp"

namespace blocsim {

// The most models (labs) a scenario may have: the kernels' tie tables and adopted counts hold this
// many (validation refuses more).
inline constexpr std::size_t kMaxModels = 64;

// The largest |network_j / mu| validation accepts: the network term is exp(J/mu x share of ties)
// with the share up to 1, and exp() overflows a double beyond 709.8, making every choice undefined.
inline constexpr double kMaxNetworkExponent = 700.0;

// The model of a developer who has not adopted any model yet (rules other than logit start most
// developers there). Never a lab id: there are at most kMaxModels labs.
inline constexpr std::uint8_t kNoModel = 255;
static_assert(kNoModel >= kMaxModels);

// What the network term J counts: ties on the same model, or on models of the same origin.
enum class NetworkOn : std::uint8_t { kModel, kBloc };

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
  double reconsider_rate = 0.0;  // per month (logit only)
  NetworkOn network_on = NetworkOn::kModel;

  AdoptionRule rule = AdoptionRule::kLogit;
  ModelChoice model_choice = ModelChoice::kLogit;
  BassParams bass;
  ThresholdParams threshold;
  CascadeParams cascade;
  ComplexParams complex_contagion;
};

inline constexpr std::size_t kSectors = 2;  // private, public

// What the kernel needs per sector, nation and model this month. Row r = sector * nations + n.
struct AdoptionOffer {
  std::size_t models = 0;
  std::size_t nations = 0;
  std::vector<double> weight;        // [r * models + j]: exp(V_nj / mu), 0 if j is banned there
  std::vector<double> forced_leave;  // [r * models + j]: probability a user of j must reconsider
  std::vector<Origin> origin;        // [j]: the model's origin (for NetworkOn::kBloc)

  // exp(J/mu * k/d) for degrees d <= kTieTableDegree and k <= d ties on a model (row d starts
  // at d (d + 1) / 2), built by complete_offer: the network term depends only on these two
  // integers, so adopt() reads it instead of calling exp() for every model of every developer.
  std::vector<double> tie_factor;
  double tie_factor_j_over_mu = 0.0;  // the J/mu the table was built for
};

inline constexpr std::uint32_t kTieTableDegree = 48;

// The sign of a model's origin on the lean axis: +1 US, -1 China, 0 elsewhere.
double origin_sign(Origin origin);

// s_n, how strongly developers of a nation with this income weigh log price:
// beta_log_price (gdp_per_capita_ref / gdp_per_capita)^price_income_elasticity.
double price_sensitivity(const AdoptionParams& params, double gdp_per_capita);

// V_nj without its price term, for a nation leaning `lean`: what lab pricing holds fixed while it
// searches for prices.
double utility_before_price(const AdoptionParams& params, const Labs& labs, std::size_t j,
                            double lean);

// Builds the offer's tie table for params' J/mu (price_the_offer calls it; an offer assembled by
// hand must call it before adopt(), which refuses an offer without a table for its J/mu).
void complete_offer(const AdoptionParams& params, AdoptionOffer& offer);

// Fills offer.weight from the labs' current models. `banned[(sector * nations + n) * models + j]`
// is nonzero when nation n bars model j for that sector.
void price_the_offer(const AdoptionParams& params, const Nations& nations, const Labs& labs,
                     const std::vector<std::uint8_t>& banned, AdoptionOffer& offer);

// The logit rule: developers [begin, end) choose for month t, reading `developers.model` and
// writing `developers.next_model`. Call commit_choices after all ranges are done. Every developer
// must be on a model (no kNoModel): under logit every developer starts on one. The order of the
// floating-point operations is fixed (agents/src/logit_kernel.hpp), and adopt() runs whichever of
// its two implementations this CPU runs fastest (blocsim/agents/logit_kernel.hpp): the choices
// are the same.
void adopt(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
           const AdoptionOffer& offer, Developers& developers, std::uint32_t begin,
           std::uint32_t end);

void commit_choices(Developers& developers);

// Shares of each model per nation: share[n * models + j], the share of the nation's agents on j.
// Developers who have not adopted (kNoModel) count in the denominator only, so a row sums to the
// nation's adopted fraction (1 under logit).
void tally_adoption(const Developers& developers, std::size_t nations, std::size_t models,
                    std::vector<double>& share);

}  // namespace blocsim
