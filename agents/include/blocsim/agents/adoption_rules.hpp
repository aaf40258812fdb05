#pragma once
// The diffusion hypotheses other than logit, each in one place: its parameters, its kernel's
// declaration and its case in the dispatch. A rule's kernel is agents/src/adoption_<rule>.cpp;
// its scenario settings are converted and checked in scenarios/src/adoption_rule_settings.cpp
// (docs/ARCHITECTURE.md, "An adoption rule"; the rules themselves: docs/DIFFUSION.md).
//
// The rule is chosen once per step, never per developer: the dispatch below is a switch outside
// the developer loop.

#include <cstdint>

#include "blocsim/core/random_stream.hpp"

namespace blocsim {

struct AdoptionParams;
struct AdoptionOffer;
struct DiffusionState;
struct Developers;

// Which hypothesis of diffusion decides whether (and, for logit, which) developers adopt.
enum class AdoptionRule : std::uint8_t { kLogit, kBass, kThreshold, kCascade, kComplex };

// For the rules that decide only WHETHER a developer adopts: how it picks the model.
enum class ModelChoice : std::uint8_t {
  kLogit,  // the logit over the offer with the network term, no switching cost
  kPeers,  // proportional to the models of its adopted ties (the offer's logit if none)
};

// Bass: adopt in a step with probability 1 - exp(-(p + q x) dt), x the adopted share of ties.
struct BassParams {
  double p = 0.0;           // innovation, per time unit
  double q = 0.0;           // imitation, per time unit
  double dt = 1.0;          // one step (month) in time units
  bool mean_field = false;  // x = the whole population's adopted fraction instead of ties'
};

// Threshold: adopt once the adopted share x of ties (or of everyone) reaches one's threshold.
struct ThresholdParams {
  bool mean_field = false;  // x = the whole population's adopted fraction instead of ties'
};

// Independent cascade: each tie of a developer who adopted last step converts with probability p.
struct CascadeParams {
  double p = 0.0;
};

// Complex contagion: adopt once theta ties have adopted, or with probability epsilon per step.
struct ComplexParams {
  std::uint32_t theta = 1;
  double epsilon = 0.0;
};

// The logit rule's kernel (adoption.hpp has its contract).
void adopt(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
           const AdoptionOffer& offer, Developers& developers, std::uint32_t begin,
           std::uint32_t end);

// The rule kernels. Each reads developers.model and `state` (last step) and writes
// developers.next_model for [begin, end). t is the step (month) index, the stream's step.
void adopt_bass(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                const AdoptionOffer& offer, const DiffusionState& state, Developers& developers,
                std::uint32_t begin, std::uint32_t end);
void adopt_threshold(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                     const AdoptionOffer& offer, const DiffusionState& state,
                     Developers& developers, std::uint32_t begin, std::uint32_t end);
void adopt_cascade(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                   const AdoptionOffer& offer, const DiffusionState& state, Developers& developers,
                   std::uint32_t begin, std::uint32_t end);
void adopt_complex(std::uint32_t t, ReplicaKey key, const AdoptionParams& params,
                   const AdoptionOffer& offer, const DiffusionState& state, Developers& developers,
                   std::uint32_t begin, std::uint32_t end);

// The kernel of `rule` for [begin, end).
inline void adopt_with(AdoptionRule rule, std::uint32_t t, ReplicaKey key,
                       const AdoptionParams& params, const AdoptionOffer& offer,
                       const DiffusionState& state, Developers& developers, std::uint32_t begin,
                       std::uint32_t end) {
  switch (rule) {
    case AdoptionRule::kLogit:
      adopt(t, key, params, offer, developers, begin, end);
      return;
    case AdoptionRule::kBass:
      adopt_bass(t, key, params, offer, state, developers, begin, end);
      return;
    case AdoptionRule::kThreshold:
      adopt_threshold(t, key, params, offer, state, developers, begin, end);
      return;
    case AdoptionRule::kCascade:
      adopt_cascade(t, key, params, offer, state, developers, begin, end);
      return;
    case AdoptionRule::kComplex:
      adopt_complex(t, key, params, offer, state, developers, begin, end);
      return;
  }
}

}  // namespace blocsim
