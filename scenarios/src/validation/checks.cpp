#include <cmath>
#include <limits>

#include "checks.hpp"

namespace blocsim::validation {

void check_distribution(Checker& check, const Node& node, double lo, double hi) {
  const auto& d = static_cast<const v1::Distribution&>(*node.message);
  const std::string allowed = "[" + Checker::number(lo) + ", " + Checker::number(hi) + "]";
  switch (d.kind_case()) {
    case v1::Distribution::KIND_NOT_SET:
      break;
    case v1::Distribution::kFixed:
      check.in_range(node, "fixed", d.fixed(), lo, hi);
      break;
    case v1::Distribution::kUniform: {
      const Node u = check.child(node, d.uniform(), "uniform");
      if (d.uniform().lo() > d.uniform().hi()) check.error(u, "hi", "is below lo");
      check.in_range(u, "lo", d.uniform().lo(), lo, hi);
      check.in_range(u, "hi", d.uniform().hi(), lo, hi);
      break;
    }
    case v1::Distribution::kNormal: {
      const Node n = check.child(node, d.normal(), "normal");
      check.non_negative(n, "sd", d.normal().sd());
      if (d.normal().has_lo() && d.normal().has_hi() && d.normal().lo() >= d.normal().hi()) {
        check.error(n, "hi", "must be above lo");
      }
      if (lo > -INFINITY && (!d.normal().has_lo() || d.normal().lo() < lo)) {
        check.error(n, "lo",
                    "must be given and at least " + Checker::number(lo) + " (values must lie in " +
                        allowed + ")");
      }
      if (hi < INFINITY && (!d.normal().has_hi() || d.normal().hi() > hi)) {
        check.error(n, "hi",
                    "must be given and at most " + Checker::number(hi) + " (values must lie in " +
                        allowed + ")");
      }
      break;
    }
    case v1::Distribution::kLognormal: {
      const Node n = check.child(node, d.lognormal(), "lognormal");
      check.positive(n, "median", d.lognormal().median());
      check.non_negative(n, "sigma", d.lognormal().sigma());
      if (lo > 0.0 || hi < INFINITY) {
        check.error(n, nullptr,
                    "a lognormal takes any positive value; values must lie in " + allowed);
      }
      break;
    }
    case v1::Distribution::kTriangular: {
      const auto& t = d.triangular();
      const Node n = check.child(node, t, "triangular");
      if (!(t.lo() <= t.mode() && t.mode() <= t.hi())) {
        check.error(n, "mode", "must satisfy lo <= mode <= hi");
      }
      check.in_range(n, "lo", t.lo(), lo, hi);
      check.in_range(n, "hi", t.hi(), lo, hi);
      break;
    }
    case v1::Distribution::kBeta: {
      const auto& b = d.beta();
      const Node n = check.child(node, b, "beta");
      // Beyond these shapes the gamma draws behind a beta underflow or take unbounded time.
      check.in_range(n, "alpha", b.alpha(), kSmallestBetaShape, kLargestBetaShape);
      check.in_range(n, "beta", b.beta(), kSmallestBetaShape, kLargestBetaShape);
      const bool unit = b.lo() == 0.0 && b.hi() == 0.0;
      if (!unit && !(b.lo() < b.hi())) check.error(n, "hi", "must be above lo");
      check.in_range(n, "lo", unit ? 0.0 : b.lo(), lo, hi);
      check.in_range(n, "hi", unit ? 1.0 : b.hi(), lo, hi);
      break;
    }
    case v1::Distribution::kChoice: {
      const auto& c = d.choice();
      const Node n = check.child(node, c, "choice");
      if (c.values_size() == 0) check.error(n, "values", "needs at least one value");
      // No weights means equal weights; otherwise one per value.
      if (c.weights_size() > 0 && c.values_size() != c.weights_size()) {
        check.error(n, "weights",
                    "has " + std::to_string(c.weights_size()) +
                        " entries, must have one per value (" + std::to_string(c.values_size()) +
                        ")");
      }
      double total = 0.0;
      for (int i = 0; i < c.weights_size(); ++i) {
        if (c.weights(i) < 0.0) check.error(n, "weights", "must not be negative", i);
        total += c.weights(i);
      }
      if (c.weights_size() > 0 && !(total > 0.0))
        check.error(n, "weights", "must sum to more than 0");
      for (int i = 0; i < c.values_size(); ++i) {
        if (!(c.values(i) >= lo && c.values(i) <= hi)) {
          check.error(n, "values", "must lie in " + allowed, i);
        }
      }
      break;
    }
  }
}

std::optional<YearMonth> check_date(Checker& check, const Node& node, const char* field,
                                    const std::string& text, bool required) {
  if (text.empty()) {
    if (required) check.error(node, field, "is missing; give a month as YYYY-MM");
    return std::nullopt;
  }
  const auto date = YearMonth::parse(text);
  if (!date) check.error(node, field, "'" + text + "' is not a month; write YYYY-MM, e.g. 2026-01");
  return date;
}

}  // namespace blocsim::validation
