#pragma once
// Each adoption rule's scenario settings in one place: converted to the model's parameters for
// the world builder and checked for validation, side by side, so that a new rule touches this
// file, its message in scenario.proto, and agents/ (docs/ARCHITECTURE.md, "An adoption rule").

#include "blocsim/agents/adoption.hpp"
#include "blocsim/v1/scenario.pb.h"
#include "validation/checks.hpp"

namespace blocsim {

// The settings of the rule in use (validation has checked them) and the shared ones every rule
// but logit reads (network_on, model_choice) into `params`.
void set_rule_params(const v1::AdoptionSettings& adoption, AdoptionParams& params);

namespace validation {

// The ranges of the settings of `rule`, and whether it can start at all: `seeded` says whether
// any developer starts adopted.
void check_rule_settings(Checker& check, const Node& adoption, const v1::Scenario& s,
                         AdoptionRule rule, bool seeded);

}  // namespace validation
}  // namespace blocsim
