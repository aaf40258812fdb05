#pragma once
// What the per-area checks of a scenario share: a message and its field path, and the checker
// that collects problems by path (scenario_source.hpp turns paths into file positions).

#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "blocsim/core/calendar.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim::validation {

using google::protobuf::Message;

// A message in the scenario and its field path, e.g. "events[2].export_rule".
struct Node {
  const Message* message;
  std::string path;
};

// Collects diagnostics by field path; the scenario's source turns paths into file positions.
class Checker {
 public:
  explicit Checker(std::vector<Diagnostic>& out) : out_(out) {}

  // The nested message `field` (element `index` of a repeated field, or -1).
  Node child(const Node& parent, const Message& message, const char* field, int index = -1) const {
    Node node{&message, parent.path.empty() ? field : parent.path + "." + field};
    if (index >= 0) node.path += "[" + std::to_string(index) + "]";
    return node;
  }

  void error(const Node& node, const char* field, const std::string& message, int index = -1) {
    Diagnostic d{"", 0, 0, node.path, message};
    if (field != nullptr) {
      d.field = node.path.empty() ? field : node.path + "." + field;
      if (index >= 0) d.field += "[" + std::to_string(index) + "]";
    }
    out_.push_back(std::move(d));
  }

  void in_range(const Node& node, const char* field, double value, double lo, double hi) {
    if (!(value >= lo && value <= hi)) {
      error(node, field,
            "is " + number(value) + ", must be in [" + number(lo) + ", " + number(hi) + "]");
    }
  }
  void positive(const Node& node, const char* field, double value) {
    if (value == 0.0)
      error(node, field, "is missing or 0; must be greater than 0");
    else if (!(value > 0.0))
      error(node, field, "is " + number(value) + ", must be greater than 0");
  }
  void non_negative(const Node& node, const char* field, double value) {
    if (!(value >= 0.0)) error(node, field, "is " + number(value) + ", must be 0 or more");
  }

  static std::string number(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
  }

 private:
  std::vector<Diagnostic>& out_;
};

// The shapes a beta distribution may take (checks.cpp).
inline constexpr double kSmallestBetaShape = 1e-3;
inline constexpr double kLargestBetaShape = 1e6;

// A distribution's values must lie in [lo, hi].
void check_distribution(Checker& check, const Node& node, double lo, double hi);

// A month as YYYY-MM; nullopt when missing or malformed (and reported).
std::optional<YearMonth> check_date(Checker& check, const Node& node, const char* field,
                                    const std::string& text, bool required);

template <class Repeated>
void check_unique_ids(Checker& check, const Node& root, const Repeated& items, const char* field,
                      std::unordered_set<std::string>& ids) {
  for (int i = 0; i < items.size(); ++i) {
    const Node node = check.child(root, items.Get(i), field, i);
    const std::string& id = items.Get(i).id();
    if (id.empty()) {
      check.error(node, "id", "is missing");
    } else if (!ids.insert(id).second) {
      check.error(node, "id", "'" + id + "' is used twice");
    }
  }
}

// The ids the scenario defines, which events and responses may name.
struct ScenarioIds {
  std::unordered_set<std::string> nations;
  std::unordered_set<std::string> chips;
  std::set<std::string> makers;
  std::unordered_set<std::string> labs;
  std::unordered_set<std::string> channels;  // market.leakage
  std::unordered_set<std::string> groups;
};

// Shares of one whole must not add up to more than it. Sums are allowed this much rounding.
inline constexpr double kSumTolerance = 1e-9;

// The sizes a scenario may have (docs/SCENARIOS.md, "Limits"): beyond them a run would not fit
// a machine's memory long before it finished, so validation refuses them first.
inline constexpr int kLongestRun = 1200;                    // months
inline constexpr std::uint32_t kMostReplicas = 10'000'000;  // as blocsim run --replicas
inline constexpr std::uint32_t kMostTiesWithin = 1000;      // ring ties per developer
inline constexpr std::size_t kMostEvents = 10'000;
inline constexpr std::size_t kMostUncertain = 1'000;

// The largest magnitude of a number in a scenario (field_kind_checks.cpp).
inline constexpr double kLargestNumber = 1e12;

// Every number finite and within ±kLargestNumber, every string valid UTF-8, wherever the field
// sits (field_kind_checks.cpp). The other checks run only when these pass.
void check_field_kinds(Checker& check, const v1::Scenario& s);

// The checks of each area, in the order check_scenario calls them; each adds the ids its area
// defines to `ids` for the areas after it.
struct RunSpan {
  std::optional<YearMonth> start, end;  // nullopt when missing or malformed (and reported)
};
RunSpan check_run(Checker& check, const Node& root, const v1::Scenario& s);  // world_checks.cpp
void check_nations(Checker& check, const Node& root, const v1::Scenario& s, ScenarioIds& ids);
void check_chips(Checker& check, const Node& root, const v1::Scenario& s, ScenarioIds& ids);
void check_labs(Checker& check, const Node& root, const v1::Scenario& s, ScenarioIds& ids,
                const std::vector<AppliedOverride>& overrides);                  // lab_checks.cpp
void check_developers(Checker& check, const Node& root, const v1::Scenario& s);  // adoption_checks
void check_market(Checker& check, const Node& root, const v1::Scenario& s, ScenarioIds& ids,
                  const std::vector<AppliedOverride>& overrides);  // market_checks.cpp
void check_lab_dynamics(Checker& check, const Node& root, const v1::Scenario& s);
void check_adoption(Checker& check, const Node& root, const v1::Scenario& s);
void check_alignment(Checker& check, const Node& root, const v1::Scenario& s);  // response_checks
void check_regimes(Checker& check, const Node& root, const v1::Scenario& s);
void check_groups(Checker& check, const Node& root, const v1::Scenario& s, ScenarioIds& ids);
void check_responses(Checker& check, const Node& root, const v1::Scenario& s,
                     const ScenarioIds& ids);

// Every check but those of the `uncertain` list, by field path (scenario_validation.cpp).
std::vector<Diagnostic> check_scenario(const v1::Scenario& s,
                                       const std::vector<AppliedOverride>& overrides);

// The `uncertain` list, appended to `out` (uncertain_checks.cpp).
void check_uncertain(std::vector<Diagnostic>& out, const v1::Scenario& s,
                     const std::vector<AppliedOverride>& overrides);

// The graph of ties and the adoption rule in use (adoption_checks.cpp).
void check_tie_graph(Checker& check, const Node& node, const v1::Scenario& s);
void check_adoption_rule(Checker& check, const Node& adoption, const v1::Scenario& s);

// The events: dates, triggers and each instrument's fields (event_checks.cpp).
void check_events(Checker& check, const Node& root, const v1::Scenario& s, const ScenarioIds& ids,
                  std::optional<YearMonth> start, std::optional<YearMonth> end);

}  // namespace blocsim::validation
