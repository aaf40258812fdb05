#pragma once
// The uncertain parameters of a scenario: every field given as a distribution, under the path its
// draws are keyed by (core/distribution.hpp). Results export each one's draw in every replica.

#include <memory>
#include <string>
#include <vector>

#include "blocsim/core/random_stream.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

struct UncertainParameter {
  std::string path;  // e.g. "market.leakage[hubs].rate"
  v1::Distribution distribution;
  double fallback = 0.0;  // the value the model uses when the draw is unset
};

// The distribution fields first, then the scenario's `uncertain` entries in their order.
std::vector<UncertainParameter> uncertain_parameters(const v1::Scenario& scenario);

// One replica's copy of the scenario with each `uncertain` entry drawn (keyed by its path) and
// set as `--set` would; null, at no cost, when the scenario has none. The scenario must have
// passed validation.
std::unique_ptr<v1::Scenario> draw_uncertain_fields(const v1::Scenario& scenario, ReplicaKey key);

}  // namespace blocsim
