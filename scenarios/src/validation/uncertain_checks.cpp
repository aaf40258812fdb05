// The scenario's `uncertain` list (docs/SCENARIOS.md): each entry a numeric field and a valid
// distribution that keeps the scenario valid at either end of its support.
#include <cmath>
#include <limits>
#include <utility>

#include "blocsim/scenarios/scenario_overrides.hpp"
#include "checks.hpp"

namespace blocsim::validation {

namespace {

// The lowest and highest values a distribution can draw; infinite at an unbounded end.
std::pair<double, double> support(const v1::Distribution& d) {
  switch (d.kind_case()) {
    case v1::Distribution::kNormal: {
      const auto& n = d.normal();
      if (n.sd() == 0.0) return {n.mean(), n.mean()};
      return {n.has_lo() ? n.lo() : -INFINITY, n.has_hi() ? n.hi() : INFINITY};
    }
    case v1::Distribution::kLognormal:
      if (d.lognormal().sigma() == 0.0) return {d.lognormal().median(), d.lognormal().median()};
      return {std::numeric_limits<double>::min(), INFINITY};
    case v1::Distribution::kUniform:
      return {d.uniform().lo(), d.uniform().hi()};
    case v1::Distribution::kTriangular:
      return {d.triangular().lo(), d.triangular().hi()};
    case v1::Distribution::kBeta:
      if (d.beta().lo() == 0.0 && d.beta().hi() == 0.0) return {0.0, 1.0};
      return {d.beta().lo(), d.beta().hi()};
    case v1::Distribution::kChoice: {
      const auto& v = d.choice().values();
      if (v.empty()) return {0.0, 0.0};
      const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
      return {*lo, *hi};
    }
    case v1::Distribution::kFixed:
      return {d.fixed(), d.fixed()};
    case v1::Distribution::KIND_NOT_SET:
      break;
  }
  return {0.0, 0.0};
}

}  // namespace

// The `uncertain` list: each path names a numeric field once, each value is a valid
// distribution, and (when the rest of the scenario is valid) the scenario stays valid with the
// field at either end of the distribution's support; an unbounded end stands for the largest
// number a scenario may hold (kLargestNumber).
void check_uncertain(std::vector<Diagnostic>& out, const v1::Scenario& s,
                     const std::vector<AppliedOverride>& overrides) {
  const bool valid = out.empty();
  Checker check(out);
  const Node root{&s, ""};
  std::set<std::string> fields;
  if (static_cast<std::size_t>(s.uncertain_size()) > kMostUncertain) {
    check.error(
        root, "uncertain",
        std::to_string(s.uncertain_size()) + " entries; at most " + std::to_string(kMostUncertain));
    return;
  }
  for (int i = 0; i < s.uncertain_size(); ++i) {
    const auto& u = s.uncertain(i);
    const Node node = check.child(root, u, "uncertain", i);
    const std::size_t before = out.size();
    if (u.path().empty()) {
      check.error(node, "path",
                  "is missing; name a numeric field as --set does, e.g. "
                  "adoption.network_j");
      continue;
    }
    v1::Scenario copy = s;
    NumericField target;
    if (const std::string e = find_numeric_field(copy, u.path(), target); !e.empty()) {
      check.error(node, "path", "'" + u.path() + "': " + e);
      continue;
    }
    if (!fields.insert(target.path).second) {
      check.error(node, "path",
                  "'" + u.path() + "' names " + target.path + ", which an earlier entry names");
    }
    if (override_of(overrides, target.path) != nullptr) {
      check.error(node, "path",
                  "'" + u.path() +
                      "' is also set by --set, which the draw would replace; --set "
                      "uncertain[" +
                      std::to_string(i) + "].value=V instead");
    }
    const Node value = check.child(node, u.value(), "value");
    if (u.value().kind_case() == v1::Distribution::KIND_NOT_SET) {
      check.error(node, "value", "is missing; give a distribution");
    }
    check_distribution(check, value, -INFINITY, INFINITY);
    if (!valid || out.size() != before) continue;
    const auto [lo, hi] = support(u.value());
    for (const double end : {lo, hi}) {
      v1::Scenario at = s;
      NumericField t;
      find_numeric_field(at, u.path(), t);
      const bool bounded = std::isfinite(end);
      const double set = set_numeric_field(t, bounded ? end : std::copysign(kLargestNumber, end));
      const std::vector<Diagnostic> errors = check_scenario(at, overrides);
      if (errors.empty()) continue;
      const std::string where = bounded
                                    ? "can draw " + Checker::number(set) + " (its " +
                                          (end == lo ? "lowest" : "highest") + " value)"
                                    : std::string("is unbounded ") + (end < 0 ? "below" : "above") +
                                          " (tried " + Checker::number(set) + ")";
      check.error(value, nullptr,
                  where + ", and there " + errors.front().field + " " + errors.front().message +
                      (bounded ? "" : "; bound the distribution"));
      break;
    }
  }
}

}  // namespace blocsim::validation
