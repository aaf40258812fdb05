#pragma once
// The uncertain parameters of a scenario: every field given as a distribution, under the path its
// draws are keyed by (core/distribution.hpp). Results export each one's draw in every replica.

#include <string>
#include <vector>

#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

struct UncertainParameter {
  std::string path;  // e.g. "market.leakage[hubs].rate"
  v1::Distribution distribution;
  double fallback = 0.0;  // the value the model uses when the draw is unset
};

std::vector<UncertainParameter> uncertain_parameters(const v1::Scenario& scenario);

}  // namespace blocsim
