// Semantic validation of a scenario: the areas' checks (validation/*_checks.cpp, each beside the
// configuration it checks) in order, then the `uncertain` list. Every check names the field path
// it is about; the scenario's source (scenario_source.hpp) turns that path into a file, line and
// column.

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_set>
#include <utility>

#include "blocsim/core/calendar.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/scenarios/scenario_overrides.hpp"
#include "blocsim/scenarios/world_builder.hpp"
#include "validation/checks.hpp"

namespace blocsim {

namespace validation {

// Every check but those of the `uncertain` list, by field path (not yet located).
std::vector<Diagnostic> check_scenario(const v1::Scenario& s,
                                       const std::vector<AppliedOverride>& overrides) {
  std::vector<Diagnostic> out;
  Checker check(out);
  const Node root{&s, ""};

  // A non-finite number or broken string would make every later check about it noise.
  check_field_kinds(check, s);
  if (!out.empty()) return out;
  if (s.name().empty()) check.error(root, "name", "is missing");
  ScenarioIds ids;
  const RunSpan run = check_run(check, root, s);
  check_nations(check, root, s, ids);
  check_chips(check, root, s, ids);
  check_labs(check, root, s, ids, overrides);
  check_developers(check, root, s);
  check_market(check, root, s, ids, overrides);
  check_lab_dynamics(check, root, s);
  check_adoption(check, root, s);
  check_alignment(check, root, s);
  check_regimes(check, root, s);
  check_groups(check, root, s, ids);
  check_responses(check, root, s, ids);
  check_events(check, root, s, ids, run.start, run.end);
  return out;
}

}  // namespace validation

std::vector<Diagnostic> validate_scenario(const v1::Scenario& s, const ScenarioSource& source,
                                          const std::vector<AppliedOverride>& overrides) {
  std::vector<Diagnostic> out = validation::check_scenario(s, overrides);
  validation::check_uncertain(out, s, overrides);
  for (Diagnostic& diagnostic : out) {
    if (const AppliedOverride* o = override_of(overrides, diagnostic.field)) {
      diagnostic.file = "--set " + o->text;
      continue;
    }
    const auto place = source.locate(diagnostic.field);
    diagnostic.file = place.file;
    // A field missing with every message around it is missing from the file's top message,
    // which starts at the top of the file.
    diagnostic.line = place.line > 0 ? place.line : 1;
    diagnostic.column = place.line > 0 ? place.column : 1;
  }
  return out;
}

}  // namespace blocsim
