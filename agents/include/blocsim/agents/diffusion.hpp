#pragma once
// Diffusion hypotheses beside the logit: Bass, threshold (Granovetter, Watts), independent cascade
// and complex contagion. Each decides WHETHER a developer who has not adopted (model kNoModel)
// adopts this step; which model it adopts is a second choice (AdoptionParams::model_choice).
// Adoption is for good: an adopter changes model only when a usage ban forces it off its model.
// Equations, parameters and when to use each rule: docs/DIFFUSION.md.
//
// Every rule is a plain function over the developer arrays, called once per step for a range of
// developers: the rule is chosen once per step (adopt_by_rule), never per developer. All rules
// share the month's stream of developer i, RandomStream(key, Purpose::kAdoption, t, i), and use
// its first uniform for "whether" and its second for "which model", so that two runs that differ
// only in the rule see the same numbers (common random numbers). Updates are synchronous: every
// developer reads the state committed last step, so the order of developers does not matter.
// Nothing here allocates during a step; DiffusionState is sized once and kept across months.

#include <array>
#include <cstdint>
#include <vector>

#include "blocsim/agents/adoption.hpp"
#include "blocsim/agents/world.hpp"
#include "blocsim/core/distribution.hpp"
#include "blocsim/core/random_stream.hpp"

namespace blocsim {

// What the rules read about last step's adoption, kept up to date by commit_adoption so that a
// step costs O(developers + ties of the new adopters) instead of rereading every tie.
struct DiffusionState {
  std::vector<std::uint32_t> adopted_ties;  // [i]: ties of i that are on some model
  std::vector<std::uint8_t> fresh;          // [i]: 1 if i adopted last step (seeds: at the start)
  std::vector<double> threshold;            // [i]: the threshold rule's threshold of i
  std::array<std::uint32_t, kMaxModels> adopted_on{};  // developers on each model
  std::uint32_t adopted = 0;                           // developers on some model
};

// Sizes the state for `developers` and counts from developers.model; every developer on a model
// counts as fresh (seeds get their cascade chance in the first step). Thresholds are kept if
// already drawn for this many developers, else set to 0.
void reset_diffusion_state(const Developers& developers, DiffusionState& state);

// Draws developer i's threshold from RandomStream(key, Purpose::kInitialState, 1, i), so a
// developer's threshold does not depend on how many others there are or in which order they draw.
void draw_thresholds(const Distribution& distribution, ReplicaKey key, DiffusionState& state);

// The step's choice for [begin, end) under params.rule (the dispatch: adoption_rules.hpp).
void adopt_by_rule(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                   const AdoptionOffer& offer, const DiffusionState& state, Developers& developers,
                   std::uint32_t begin, std::uint32_t end);

// Makes next_model the current model. For rules other than logit it first brings `state` up to
// date (new adopters' ties, fresh flags, counts per model); logit needs only the swap.
void commit_adoption(AdoptionRule rule, Developers& developers, DiffusionState& state);

}  // namespace blocsim
