// The Bass rule (Bass 1969, "A new product growth for model consumer durables"): a developer who
// has not adopted adopts in a step of length dt with probability 1 - exp(-(p + q x) dt), where x
// is the share of its ties that have adopted (or, in the mean-field variant, the share of the
// whole population). Over a step the hazard is held at last step's x, so as dt -> 0 the adopted
// fraction on a complete graph follows dF/dt = (p + q F)(1 - F). docs/DIFFUSION.md, "Bass".

#include <cmath>

#include "blocsim/agents/diffusion.hpp"
#include "model_choice.hpp"

namespace blocsim {

void adopt_bass(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                const AdoptionOffer& offer, const DiffusionState& state, Developers& developers,
                std::uint32_t begin, std::uint32_t end) {
  const BassParams& bass = params.bass;
  const detail::Peers peers = bass.mean_field ? detail::Peers::kPopulation : detail::Peers::kTies;
  // Mean field: the imitation term is the same for everyone this step.
  const double population_share = detail::population_adopted_share(developers, state);
  const std::uint8_t* model = developers.model.data();
  std::uint8_t* next = developers.next_model.data();
  for (std::uint32_t i = begin; i < end; ++i) {
    if (model[i] != kNoModel) {
      next[i] = detail::keep_or_move(params, offer, developers, state, i, peers, t, key);
      continue;
    }
    const double share =
        detail::adopted_share(developers, state, i, bass.mean_field, population_share);
    const double adopt = -std::expm1(-(bass.p + bass.q * share) * bass.dt);
    RandomStream stream(key, Purpose::kAdoption, t, i);
    next[i] = stream.uniform() < adopt ? detail::choose_model(params, offer, developers, state, i,
                                                              peers, stream.uniform())
                                       : kNoModel;
  }
}

}  // namespace blocsim
