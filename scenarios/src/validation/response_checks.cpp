// The agents' responses, and the settings of alignment and of the regimes' classification.
#include "checks.hpp"

namespace blocsim::validation {

void check_alignment(Checker& check, const Node& root, const v1::Scenario& s) {
  const Node alignment = check.child(root, s.alignment(), "alignment");
  check.in_range(alignment, "rate", s.alignment().rate(), 0.0, 1.0);
  check.in_range(alignment, "open_weight_dependence", s.alignment().open_weight_dependence(), 0.0,
                 1.0);
}

void check_regimes(Checker& check, const Node& root, const v1::Scenario& s) {
  const Node regimes = check.child(root, s.regimes(), "regimes");
  check.positive(regimes, "decisive_compute_ratio", s.regimes().decisive_compute_ratio());
  check.positive(regimes, "decisive_adoption_ratio", s.regimes().decisive_adoption_ratio());
  check.in_range(regimes, "lead_margin", s.regimes().lead_margin(), 0.0, 1.0);
}

void check_responses(Checker& check, const Node& root, const v1::Scenario& s,
                     const ScenarioIds& ids) {
  const auto& nations = ids.nations;
  const Node responses = check.child(root, s.responses(), "responses");
  const auto& subsidy = s.responses().subsidy();
  if (subsidy.enabled()) {
    const Node node = check.child(responses, subsidy, "subsidy");
    check.in_range(node, "blocked_share", subsidy.blocked_share(), 0.0, 1.0);
    check.in_range(node, "capacity_growth", subsidy.capacity_growth(), -0.99, 100.0);
  }
  for (int i = 0; i < s.responses().retaliation_size(); ++i) {
    const auto& r = s.responses().retaliation(i);
    const Node node = check.child(responses, r, "retaliation", i);
    if (nations.count(r.nation()) == 0)
      check.error(node, "nation", "'" + r.nation() + "' is not a nation of the scenario");
    if (nations.count(r.against()) == 0)
      check.error(node, "against", "'" + r.against() + "' is not a nation of the scenario");
    check.in_range(node, "probability", r.probability(), 0.0, 1.0);
    if (r.measure() == v1::Retaliation::MEASURE_UNSPECIFIED) {
      check.error(node, "measure", "is missing; CUSTOMS_BLOCK or USAGE_BAN");
    }
    check.non_negative(node, "phase_in_months", r.phase_in_months());
  }
}

}  // namespace blocsim::validation
