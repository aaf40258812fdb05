// The chip market and its leakage channels (docs/MODEL.md, "Chip market").
#include <algorithm>
#include <cmath>

#include "blocsim/scenarios/scenario_overrides.hpp"
#include "checks.hpp"

namespace blocsim::validation {
namespace {

// The largest value a distribution can give (an unset one gives 0); infinite when unbounded.
double largest_value(const v1::Distribution& d) {
  switch (d.kind_case()) {
    case v1::Distribution::kFixed:
      return d.fixed();
    case v1::Distribution::kUniform:
      return d.uniform().hi();
    case v1::Distribution::kNormal:
      return d.normal().has_hi() ? d.normal().hi() : INFINITY;
    case v1::Distribution::kLognormal:
      return INFINITY;
    case v1::Distribution::kTriangular:
      return d.triangular().hi();
    case v1::Distribution::kBeta:
      return d.beta().lo() == 0.0 && d.beta().hi() == 0.0 ? 1.0 : d.beta().hi();
    case v1::Distribution::kChoice: {
      double most = 0.0;
      for (const double v : d.choice().values()) most = std::max(most, v);
      return most;
    }
    case v1::Distribution::KIND_NOT_SET:
      break;
  }
  return 0.0;
}

// The leakage channels serve shares of the same blocked demand (docs/MODEL.md, chip market), so
// their rates, at the largest values their distributions can draw, must sum to at most 1. A
// channel whose rate can leave [0, 1] is left to that error.
void check_leakage_sum(Checker& check, const Node& market, const v1::MarketSettings& m,
                       const std::vector<AppliedOverride>& overrides) {
  double total = 0.0;
  int over = -1;
  int overridden = -1;
  std::string terms;
  for (int i = 0; i < m.leakage_size(); ++i) {
    const double most = largest_value(m.leakage(i).rate());
    if (!(most >= 0.0 && most <= 1.0)) return;
    total += most;
    if (over < 0 && total > 1.0 + kSumTolerance) over = i;
    terms += (terms.empty() ? "" : " + ") + m.leakage(i).id() + " " + Checker::number(most);
    const std::string path = "market.leakage[" + std::to_string(i) + "].rate";
    if (override_of(overrides, path) != nullptr) overridden = i;
  }
  if (over < 0) return;
  if (overridden >= 0) over = overridden;
  check.error(check.child(market, m.leakage(over), "leakage", over), "rate",
              "the leakage channels' rates can sum to " + Checker::number(total) +
                  " (at their largest: " + terms +
                  "); they share one blocked demand, so they must sum to at most 1");
}

}  // namespace

void check_market(Checker& check, const Node& root, const v1::Scenario& s, ScenarioIds& ids,
                  const std::vector<AppliedOverride>& overrides) {
  auto& channels = ids.channels;
  const Node market = check.child(root, s.market(), "market");
  const auto& m = s.market();
  check.in_range(market, "capex_chip_share", m.capex_chip_share(), 0.0, 1.0);
  check.non_negative(market, "chip_choice_beta", m.chip_choice_beta());
  check.positive(market, "depreciation_half_life_months", m.depreciation_half_life_months());
  check.positive(market, "h100e_per_gw", m.h100e_per_gw());
  check_unique_ids(check, market, m.leakage(), "leakage", channels);
  for (int i = 0; i < m.leakage_size(); ++i) {
    const Node node = check.child(market, m.leakage(i), "leakage", i);
    check_distribution(check, check.child(node, m.leakage(i).rate(), "rate"), 0.0, 1.0);
    check_distribution(check, check.child(node, m.leakage(i).interdiction(), "interdiction"), 0.0,
                       1.0);
    check.non_negative(node, "markup", m.leakage(i).markup());
  }
  check_leakage_sum(check, market, m, overrides);
}

}  // namespace blocsim::validation
