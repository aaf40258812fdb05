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

// A numeric scalar field of a scenario, named by a `--set` path (scenario `uncertain` entries).
struct NumericField {
  google::protobuf::Message* message = nullptr;  // the message holding it
  const google::protobuf::FieldDescriptor* field = nullptr;
  std::string path;  // as validation names it, list elements by index: "labs[2].price_input"
};

// Resolves `path` in `scenario` as `--set` does, to a double, float or integer field that is not
// a run setting. Returns an error message ("" on success); like `--set`, it may create the
// messages on the way to the field.
std::string find_numeric_field(v1::Scenario& scenario, const std::string& path, NumericField& out);

// Sets the field to `value` (an integer field to the nearest whole number its type holds) and
// returns the value set.
double set_numeric_field(const NumericField& target, double value);

}  // namespace blocsim
