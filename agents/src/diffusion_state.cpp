// The state the diffusion rules read, its upkeep at each commit, and the dispatch on the rule.

#include <algorithm>

#include "blocsim/agents/diffusion.hpp"

namespace blocsim {

void reset_diffusion_state(const Developers& developers, DiffusionState& state) {
  const std::uint32_t n = developers.size();
  state.adopted_ties.assign(n, 0);
  state.fresh.assign(n, 0);
  if (state.threshold.size() != n) state.threshold.assign(n, 0.0);
  state.adopted_on.fill(0);
  state.adopted = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint8_t m = developers.model[i];
    if (m == kNoModel) continue;
    state.fresh[i] = 1;
    ++state.adopted_on[m];
    ++state.adopted;
    for (const std::uint32_t v : developers.ties.neighbours(i)) ++state.adopted_ties[v];
  }
}

void adopt_by_rule(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                   const AdoptionOffer& offer, const DiffusionState& state, Developers& developers,
                   std::uint32_t begin, std::uint32_t end) {
  adopt_with(params.rule, t, key, params, offer, state, developers, begin, end);
}

void commit_adoption(AdoptionRule rule, Developers& developers, DiffusionState& state) {
  if (rule == AdoptionRule::kLogit) {
    commit_choices(developers);
    return;
  }
  const std::uint32_t n = developers.size();
  const std::uint8_t* model = developers.model.data();
  const std::uint8_t* next = developers.next_model.data();
  for (std::uint32_t i = 0; i < n; ++i) {
    const bool adopted_now = model[i] == kNoModel && next[i] != kNoModel;
    state.fresh[i] = adopted_now ? 1 : 0;
    if (model[i] == next[i]) continue;
    if (model[i] != kNoModel) --state.adopted_on[model[i]];
    if (next[i] != kNoModel) ++state.adopted_on[next[i]];
    if (adopted_now) {
      ++state.adopted;
      for (const std::uint32_t v : developers.ties.neighbours(i)) ++state.adopted_ties[v];
    }
  }
  commit_choices(developers);
}

}  // namespace blocsim
