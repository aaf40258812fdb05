// The independent cascade (Kempe, Kleinberg and Tardos 2003, "Maximizing the spread of influence
// through a social network"): a developer who adopted last step gets one chance to convert each
// tie that has not adopted, with probability p. Written from the receiving side, so that
// synchronous updates need no shared writes: a developer with f ties that adopted last step
// adopts with probability 1 - (1 - p)^f, the chance that at least one of the f trials succeeds.
// docs/DIFFUSION.md, "Cascade".

#include <cmath>

#include "blocsim/agents/diffusion.hpp"
#include "model_choice.hpp"

namespace blocsim {

void adopt_cascade(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                   const AdoptionOffer& offer, const DiffusionState& state, Developers& developers,
                   std::uint32_t begin, std::uint32_t end) {
  const double log_fail = std::log1p(-params.cascade.p);  // -inf when p = 1: every trial succeeds
  const std::uint8_t* model = developers.model.data();
  std::uint8_t* next = developers.next_model.data();
  for (std::uint32_t i = begin; i < end; ++i) {
    if (model[i] != kNoModel) {
      next[i] = detail::keep_or_move(params, offer, developers, state, i, detail::Peers::kFreshTies,
                                     t, key);
      continue;
    }
    next[i] = kNoModel;
    if (state.adopted_ties[i] == 0) continue;  // no adopted tie, so no fresh one
    std::uint32_t fresh = 0;
    for (const std::uint32_t v : developers.ties.neighbours(i)) fresh += state.fresh[v];
    if (fresh == 0) continue;
    const double adopt = -std::expm1(fresh * log_fail);
    RandomStream stream(key, Purpose::kAdoption, t, i);
    if (stream.uniform() < adopt) {
      // With PEERS, the model of a converter: given that some trial succeeded, each fresh tie is
      // equally likely to be the one whose model is taken, by symmetry.
      next[i] = detail::choose_model(params, offer, developers, state, i, detail::Peers::kFreshTies,
                                     stream.uniform());
    }
  }
}

}  // namespace blocsim
