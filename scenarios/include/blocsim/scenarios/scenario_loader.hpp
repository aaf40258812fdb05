#pragma once
// Loading a scenario: find its text (a file, or a built-in name such as "baseline"), parse it in
// protobuf text format, and validate it. Every problem found is reported with its file, line,
// column and field path, so a user can fix them all in one pass.

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <google/protobuf/text_format.h>

#include "blocsim/scenarios/scenario_source.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

struct Diagnostic {
  std::string file;
  int line = 0;         // 1-based; 0 when the problem has no place in the text
  int column = 0;       // 1-based
  std::string field;    // e.g. "events[2].export_rule.tariff"
  std::string message;  // what is wrong and what is allowed

  std::string str() const;  // "file:line:column: field: message"
};

// One `--set` override as applied: the field it set, as validation names it (list elements by
// index, e.g. "market.leakage[0].rate" for market.leakage.hubs.rate), and the override as given.
struct AppliedOverride {
  std::string field;
  std::string text;  // "market.leakage.hubs.rate=1.5"
};

// Raised when a scenario cannot be used; what() lists every diagnostic, one per line.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// The largest scenario file read, and the deepest chain of `extends` followed (docs/SCENARIOS.md,
// "Limits"): beyond them a file is refused before any work, with its name.
inline constexpr std::size_t kLargestScenarioFile = std::size_t{16} << 20;
inline constexpr std::size_t kDeepestExtends = 64;

struct LoadedScenario {
  std::string origin;  // file path, or "built-in:<name>"
  std::string text;    // the scenario as run: extends resolved, overrides applied (text format)
  v1::Scenario scenario;
  std::shared_ptr<const ScenarioSource> source;  // where each field came from
};

// `spec` is a path to a .textproto file or the name of a built-in scenario. Resolves `extends`,
// applies `overrides` (`--set` PATH=VALUE, see scenario_overrides.hpp) and validates. Throws
// ScenarioError with every syntax and semantic error found.
LoadedScenario load_scenario(const std::string& spec,
                             const std::vector<std::string>& overrides = {});

// The same for a text; `origin` names it in diagnostics, and a relative `extends` path is read
// from the current folder.
LoadedScenario parse_scenario(const std::string& text, const std::string& origin);

// The semantic checks alone (ids, dates, ranges, sums), placing each problem through `source`;
// a problem with a field that one of `overrides` set is placed at that override instead
// ("--set market.leakage.hubs.rate=1.5: market.leakage[0].rate.fixed: ...").
std::vector<Diagnostic> validate_scenario(const v1::Scenario& scenario,
                                          const ScenarioSource& source,
                                          const std::vector<AppliedOverride>& overrides = {});

// The built-in scenario names, sorted.
std::vector<std::string> builtin_scenario_names();

}  // namespace blocsim
