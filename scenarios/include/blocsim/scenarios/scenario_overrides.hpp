#pragma once
// `--set path=value`: override one scalar field of a scenario from the command line. The path
// names fields by their scenario names; an element of a list is named by its id or by [index]:
//   market.leakage.hubs.rate=0.1          (a distribution: set to that fixed value)
//   labs.deepseek.price_input=0.05
//   events.h200-licences.export_rule.tariff=0.5
//   nations[0].bloc_lean=0.9
//   adoption.rule=logit                    (strings and enum names as written in scenarios)

#include <string>
#include <vector>

#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

// Applies the overrides in order and returns them as applied. Throws ScenarioError listing every
// override that names no field or carries a value the field cannot take.
std::vector<AppliedOverride> apply_overrides(v1::Scenario& scenario,
                                             const std::vector<std::string>& overrides);

// The last override that set the field at `path` or a field enclosing it (so a validation error
// on "market.leakage[0].rate.fixed" comes from an override of "market.leakage[0].rate"), or null.
const AppliedOverride* override_of(const std::vector<AppliedOverride>& applied,
                                   const std::string& path);

}  // namespace blocsim
