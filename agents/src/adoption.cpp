#include "blocsim/agents/adoption.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "model_choice.hpp"

namespace blocsim {

double origin_sign(Origin origin) {
  switch (origin) {
    case Origin::kUs:
      return 1.0;
    case Origin::kChina:
      return -1.0;
    case Origin::kOther:
      return 0.0;
  }
  return 0.0;
}

void price_the_offer(const AdoptionParams& params, const Nations& nations, const Labs& labs,
                     const std::vector<std::uint8_t>& banned, AdoptionOffer& offer) {
  const std::size_t M = labs.size();
  const std::size_t N = nations.size();
  offer.models = M;
  offer.nations = N;
  offer.weight.resize(kSectors * N * M);
  offer.forced_leave.resize(kSectors * N * M, 0.0);
  offer.origin = labs.origin;
  std::vector<double>& w = offer.weight;
  for (std::size_t n = 0; n < N; ++n) {
    const double sensitivity =
        params.beta_log_price * std::pow(params.gdp_per_capita_ref / nations.gdp_per_capita[n],
                                         params.price_income_elasticity);
    // Utilities are shifted by their maximum before exponentiating; the shift cancels in every
    // choice probability and keeps exp() finite.
    double max_v = -INFINITY;
    for (std::size_t j = 0; j < M; ++j) {
      const double v = params.beta_quality * labs.quality[j] -
                       sensitivity * std::log(labs.price[j] + params.price_floor) +
                       params.beta_open * labs.open[j] +
                       params.home_bloc * nations.lean[n] * origin_sign(labs.origin[j]);
      w[n * M + j] = v / params.mu;
      max_v = std::max(max_v, w[n * M + j]);
    }
    // The public sector row differs from the private one only by its bans.
    for (std::size_t j = 0; j < M; ++j) {
      const double e = std::exp(w[n * M + j] - max_v);
      for (std::size_t sector = 0; sector < kSectors; ++sector) {
        const std::size_t at = (sector * N + n) * M + j;
        w[at] = banned[at] ? 0.0 : e;
      }
    }
  }
  complete_offer(params, offer);
}

void complete_offer(const AdoptionParams& params, AdoptionOffer& offer) {
  const double j_over_mu = params.network_j / params.mu;
  if (!offer.tie_factor.empty() && offer.tie_factor_j_over_mu == j_over_mu) return;
  offer.tie_factor.clear();
  for (std::uint32_t d = 0; d <= kTieTableDegree; ++d) {
    const double inverse_degree = d == 0 ? 0.0 : 1.0 / static_cast<double>(d);
    for (std::uint32_t k = 0; k <= d; ++k) {
      offer.tie_factor.push_back(k == 0 ? 1.0 : std::exp(j_over_mu * k * inverse_degree));
    }
  }
  offer.tie_factor_j_over_mu = j_over_mu;
}

// The logit choice of docs/MODEL.md ("Adoption"), written so that the loop over models has no
// branch and no exp(): the tie term exp(J/mu k/d) comes from the offer's table (the same
// expression, so the same doubles; exp(0) = 1 and w x 1 = w exactly), the switching term is a
// selected factor, a banned model's 0 stays 0 under multiplication, and the inverse-CDF scan
// counts the non-negative remainders instead of branching on each (they only decrease, so the
// count is the index the branching scan stops at). Every choice is therefore the one the plain
// definition gives, bit for bit (tests/agents/adoption_kernel_test.cpp holds it to that).
void adopt(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
           const AdoptionOffer& offer, Developers& developers, std::uint32_t begin,
           std::uint32_t end) {
  const std::size_t M = offer.models;
  const double j_over_mu = params.network_j / params.mu;
  const double sigma = std::exp(-params.switching_cost / params.mu);
  const bool on_bloc = params.network_on == NetworkOn::kBloc;
  if (offer.tie_factor.empty() || offer.tie_factor_j_over_mu != j_over_mu) {
    throw std::logic_error("adopt: the offer's tie table is missing or stale (complete_offer)");
  }
  const std::uint8_t* model = developers.model.data();
  std::uint8_t* next = developers.next_model.data();
  std::array<std::uint32_t, kMaxModels> ties_on{};
  std::array<double, kMaxModels> tie_term{};
  std::array<double, kMaxModels> weight{};

  for (std::uint32_t i = begin; i < end; ++i) {
    const std::size_t row = developers.sector[i] * offer.nations + developers.nation[i];
    const std::uint8_t current = model[i];
    const double* base = offer.weight.data() + row * M;
    RandomStream stream(key, Purpose::kAdoption, t, i);
    const double reconsider =
        std::max(params.reconsider_rate, offer.forced_leave[row * M + current]);
    if (stream.uniform() >= reconsider) {
      next[i] = current;
      continue;
    }
    const auto ties = developers.ties.neighbours(i);
    for (const std::uint32_t v : ties) ++ties_on[model[v]];
    if (on_bloc) detail::count_by_origin(ties_on, offer);
    const auto degree = static_cast<std::uint32_t>(ties.size());
    if (degree <= kTieTableDegree) {
      const double* exps = offer.tie_factor.data() + degree * (degree + 1) / 2;
      for (std::size_t j = 0; j < M; ++j) tie_term[j] = exps[ties_on[j]];
    } else {  // a hub beyond the table: the same expression, evaluated
      const double inverse_degree = 1.0 / static_cast<double>(degree);
      for (std::size_t j = 0; j < M; ++j) {
        tie_term[j] = ties_on[j] != 0 ? std::exp(j_over_mu * ties_on[j] * inverse_degree) : 1.0;
      }
    }
    double total = 0.0;
    for (std::size_t j = 0; j < M; ++j) {
      const double w = base[j] * tie_term[j] * (j == current ? 1.0 : sigma);
      weight[j] = w;
      total += w;
      ties_on[j] = 0;
    }
    if (total <= 0.0) {  // everything is banned: nothing to move to
      next[i] = current;
      continue;
    }
    double target = stream.uniform() * total;
    std::size_t choice = 0;
    for (std::size_t j = 0; j + 1 < M; ++j) {
      target -= weight[j];
      choice += target >= 0.0 ? 1 : 0;
    }
    // Rounding can leave the target just past the last positive weight: step back onto it.
    while (weight[choice] == 0.0 && choice > 0) --choice;
    next[i] = static_cast<std::uint8_t>(choice);
  }
}

void commit_choices(Developers& developers) {
  developers.model.swap(developers.next_model);
}

void tally_adoption(const Developers& developers, std::size_t nations, std::size_t models,
                    std::vector<double>& share) {
  share.assign(nations * models, 0.0);
  for (std::size_t n = 0; n < nations; ++n) {
    const std::uint32_t first = developers.first[n];
    const std::uint32_t last = developers.first[n + 1];
    if (last == first) continue;
    for (std::uint32_t i = first; i < last; ++i) {
      if (developers.model[i] != kNoModel) share[n * models + developers.model[i]] += 1.0;
    }
    const double inverse = 1.0 / static_cast<double>(last - first);
    for (std::size_t j = 0; j < models; ++j) share[n * models + j] *= inverse;
  }
}

}  // namespace blocsim
