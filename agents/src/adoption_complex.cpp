// Complex contagion (Centola and Macy 2007, "Complex contagions and the weakness of long ties"):
// a developer adopts once at least theta of its ties have adopted (one contact is not enough to
// be convinced), and, as noise, with probability epsilon in any step. docs/DIFFUSION.md,
// "Complex contagion".

#include "blocsim/agents/diffusion.hpp"
#include "model_choice.hpp"

namespace blocsim {

void adopt_complex(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                   const AdoptionOffer& offer, const DiffusionState& state, Developers& developers,
                   std::uint32_t begin, std::uint32_t end) {
  const ComplexParams& rule = params.complex_contagion;
  const std::uint8_t* model = developers.model.data();
  std::uint8_t* next = developers.next_model.data();
  for (std::uint32_t i = begin; i < end; ++i) {
    if (model[i] != kNoModel) {
      next[i] =
          detail::keep_or_move(params, offer, developers, state, i, detail::Peers::kTies, t, key);
      continue;
    }
    const bool convinced = state.adopted_ties[i] >= rule.theta;
    if (!convinced && rule.epsilon <= 0.0) {
      next[i] = kNoModel;
      continue;
    }
    // Convinced developers still take the first uniform, so the model choice reads the second.
    RandomStream stream(key, Purpose::kAdoption, t, i);
    const bool noise = stream.uniform() < rule.epsilon;
    next[i] = convinced || noise ? detail::choose_model(params, offer, developers, state, i,
                                                        detail::Peers::kTies, stream.uniform())
                                 : kNoModel;
  }
}

}  // namespace blocsim
