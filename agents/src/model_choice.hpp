#pragma once
// Private to agents/: what every adoption kernel shares. Picking a model from weights, counting a
// developer's peers by model, and the second choice of the rules that decide only whether a
// developer adopts (which model it then takes). Inline, so that each kernel's loop compiles to
// straight code with no call per developer.

#include <array>
#include <cmath>
#include <cstdint>

#include "blocsim/agents/adoption.hpp"
#include "blocsim/agents/diffusion.hpp"

namespace blocsim::detail {

// The model whose cumulative weight first exceeds u * total (total > 0). Rounding can leave the
// target just past the last positive weight: then it steps back onto it.
inline std::uint8_t pick_model(const double* weight, std::size_t models, double total, double u) {
  double target = u * total;
  std::size_t choice = 0;
  while (choice + 1 < models && (target -= weight[choice]) >= 0.0) ++choice;
  while (weight[choice] == 0.0 && choice > 0) --choice;
  return static_cast<std::uint8_t>(choice);
}

// With the network on the bloc, a model's peers are the peers on any model of its origin.
template <std::size_t N>
inline void count_by_origin(std::array<std::uint32_t, N>& on, const AdoptionOffer& offer) {
  std::array<std::uint32_t, kOrigins> by_origin{};
  for (std::size_t j = 0; j < offer.models; ++j)
    by_origin[static_cast<std::size_t>(offer.origin[j])] += on[j];
  for (std::size_t j = 0; j < offer.models; ++j)
    on[j] = by_origin[static_cast<std::size_t>(offer.origin[j])];
}

// The adopted share x that the Bass and threshold rules read for developer i: of its ties, or
// (mean field) of the whole population, whose share the caller computes once per step.
inline double adopted_share(const Developers& developers, const DiffusionState& state,
                            std::uint32_t i, bool mean_field, double population_share) {
  if (mean_field) return population_share;
  const std::uint32_t degree = developers.ties.degree(i);
  return degree == 0 ? 0.0 : static_cast<double>(state.adopted_ties[i]) / degree;
}

// The whole population's adopted share, last step.
inline double population_adopted_share(const Developers& developers, const DiffusionState& state) {
  return developers.size() == 0 ? 0.0 : static_cast<double>(state.adopted) / developers.size();
}

// Which of a developer's peers the second choice looks at.
enum class Peers : std::uint8_t {
  kTies,        // its ties on some model
  kFreshTies,   // its ties that adopted last step (the cascade's converters)
  kPopulation,  // everyone (mean field): the ties are the whole population
};

// Peers of developer i on each model, and how many peers the shares divide by.
inline std::uint32_t count_peers(Peers peers, const Developers& developers,
                                 const DiffusionState& state, std::uint32_t i,
                                 std::array<std::uint32_t, kMaxModels>& on) {
  if (peers == Peers::kPopulation) {
    on = state.adopted_on;
    return developers.size();
  }
  on.fill(0);
  const std::uint8_t* model = developers.model.data();
  const auto ties = developers.ties.neighbours(i);
  for (const std::uint32_t v : ties) {
    if (model[v] != kNoModel && (peers == Peers::kTies || state.fresh[v] != 0)) ++on[model[v]];
  }
  return static_cast<std::uint32_t>(ties.size());
}

// The model developer i adopts (or moves to when forced off its own), with uniform u; kNoModel
// when every model is banned for it. ModelChoice::kLogit: P(j) proportional to
// exp(V_nj / mu + (J / mu) x share of peers on j (or j's origin)), the logit rule's choice for a
// developer with no current model (so no switching cost). ModelChoice::kPeers: proportional to
// the peers on j among the models it may use, falling back to the logit when it has none.
inline std::uint8_t choose_model(const AdoptionParams& params, const AdoptionOffer& offer,
                                 const Developers& developers, const DiffusionState& state,
                                 std::uint32_t i, Peers peers, double u) {
  const std::size_t M = offer.models;
  const std::size_t row = developers.sector[i] * offer.nations + developers.nation[i];
  const double* base = offer.weight.data() + row * M;
  std::array<std::uint32_t, kMaxModels> on{};
  std::array<double, kMaxModels> weight{};
  double total = 0.0;
  std::uint32_t degree = 0;
  if (params.model_choice == ModelChoice::kPeers) {
    degree = count_peers(peers, developers, state, i, on);
    for (std::size_t j = 0; j < M; ++j) {
      weight[j] = base[j] > 0.0 ? static_cast<double>(on[j]) : 0.0;
      total += weight[j];
    }
    if (total > 0.0) return pick_model(weight.data(), M, total, u);
  }
  // The logit's network term reads all adopted ties (a cascade's converters are a subset).
  if (params.model_choice != ModelChoice::kPeers || peers == Peers::kFreshTies) {
    degree =
        count_peers(peers == Peers::kFreshTies ? Peers::kTies : peers, developers, state, i, on);
  }
  if (params.network_on == NetworkOn::kBloc) count_by_origin(on, offer);
  const double j_over_mu = params.network_j / params.mu;
  const double inverse_degree = degree == 0 ? 0.0 : 1.0 / static_cast<double>(degree);
  total = 0.0;
  for (std::size_t j = 0; j < M; ++j) {
    double w = base[j];
    if (w > 0.0 && on[j] != 0) w *= std::exp(j_over_mu * on[j] * inverse_degree);
    weight[j] = w;
    total += w;
  }
  return total > 0.0 ? pick_model(weight.data(), M, total, u) : kNoModel;
}

// An adopter under a rule other than logit keeps its model unless a usage ban forces it off
// (forced_leave, the same probability the logit rule uses); then it chooses again and stays an
// adopter. Returns its model for next step. Draws only when a ban is in force on its model.
inline std::uint8_t keep_or_move(const AdoptionParams& params, const AdoptionOffer& offer,
                                 const Developers& developers, const DiffusionState& state,
                                 std::uint32_t i, Peers peers, std::uint32_t t, ReplicaKey key) {
  const std::uint8_t current = developers.model[i];
  const std::size_t row = developers.sector[i] * offer.nations + developers.nation[i];
  const double leave = offer.forced_leave[row * offer.models + current];
  if (leave <= 0.0) return current;
  RandomStream stream(key, Purpose::kAdoption, t, i);
  if (stream.uniform() >= leave) return current;
  const std::uint8_t next =
      choose_model(params, offer, developers, state, i, peers, stream.uniform());
  return next == kNoModel ? current : next;  // everything banned: nothing to move to
}

}  // namespace blocsim::detail
