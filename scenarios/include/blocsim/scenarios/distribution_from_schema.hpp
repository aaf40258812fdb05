#pragma once
// The one step from the schema's Distribution (scenario.proto) to the model's plain Distribution
// (core/distribution.hpp); the model below scenarios/ draws only from the plain type.

#include "blocsim/core/distribution.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

Distribution to_distribution(const v1::Distribution& schema);

}  // namespace blocsim
