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

// Applies the overrides in order. Throws ScenarioError listing every override that names no
// field or carries a value the field cannot take.
void apply_overrides(v1::Scenario& scenario, const std::vector<std::string>& overrides);

}  // namespace blocsim
