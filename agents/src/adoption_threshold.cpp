// The threshold rule (Granovetter 1978, "Threshold models of collective behavior"; Watts 2002,
// "A simple model of global cascades on random networks"): a developer adopts once the share of
// its ties that have adopted (or, in the mean-field variant, of the whole population, as in
// Granovetter's crowd) reaches its own threshold. Thresholds are drawn once per developer; a
// threshold at or below 0 adopts at the first step (even with no ties), one above 1 never.
// Deterministic given the thresholds; docs/DIFFUSION.md, "Threshold".

#include "blocsim/agents/diffusion.hpp"
#include "blocsim/core/distribution.hpp"
#include "model_choice.hpp"

namespace blocsim {

void draw_thresholds(const Distribution& distribution, ReplicaKey key, DiffusionState& state) {
  for (std::size_t i = 0; i < state.threshold.size(); ++i) {
    RandomStream stream(key, Purpose::kInitialState, 1, static_cast<std::uint32_t>(i));
    state.threshold[i] = draw(distribution, stream, 0.0);
  }
}

void adopt_threshold(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                     const AdoptionOffer& offer, const DiffusionState& state,
                     Developers& developers, std::uint32_t begin, std::uint32_t end) {
  const bool mean_field = params.threshold.mean_field;
  const detail::Peers peers = mean_field ? detail::Peers::kPopulation : detail::Peers::kTies;
  const double population_share = detail::population_adopted_share(developers, state);
  const std::uint8_t* model = developers.model.data();
  std::uint8_t* next = developers.next_model.data();
  for (std::uint32_t i = begin; i < end; ++i) {
    if (model[i] != kNoModel) {
      next[i] = detail::keep_or_move(params, offer, developers, state, i, peers, t, key);
      continue;
    }
    const double share = detail::adopted_share(developers, state, i, mean_field, population_share);
    if (share < state.threshold[i]) {
      next[i] = kNoModel;
      continue;
    }
    // The first uniform is the "whether" draw of the other rules, unused here: the model choice
    // reads the second, as it does under every rule.
    RandomStream stream(key, Purpose::kAdoption, t, i);
    stream.uniform();
    next[i] = detail::choose_model(params, offer, developers, state, i, peers, stream.uniform());
  }
}

}  // namespace blocsim
