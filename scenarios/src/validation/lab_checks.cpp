// The labs and the dynamics of their models (docs/MODEL.md, "Labs"); the model-count limit is
// the adoption kernels' own (agents/adoption.hpp, kMaxModels).
#include "blocsim/agents/adoption.hpp"
#include "blocsim/scenarios/scenario_overrides.hpp"
#include "checks.hpp"

namespace blocsim::validation {
namespace {

// The labs of a nation train on shares of its compute (docs/MODEL.md, Labs): together at most
// all of it (the rest is the nation's other users). The error names the lab whose share takes
// the sum over 1. Nations with a lab's share already out of [0, 1] are left to that error.
void check_compute_shares(Checker& check, const Node& root, const v1::Scenario& s,
                          const std::unordered_set<std::string>& nations,
                          const std::vector<AppliedOverride>& overrides) {
  for (const auto& nation : s.nations()) {
    if (nations.count(nation.id()) == 0) continue;
    std::vector<int> members;
    bool in_range = true;
    for (int i = 0; i < s.labs_size(); ++i) {
      if (s.labs(i).home_nation() != nation.id()) continue;
      members.push_back(i);
      const double share = s.labs(i).compute_share();
      in_range = in_range && share >= 0.0 && share <= 1.0;
    }
    if (!in_range || members.size() < 2) continue;
    double total = 0.0;
    int over = -1;
    std::string terms;
    int overridden = -1;
    for (const int i : members) {
      total += s.labs(i).compute_share();
      if (over < 0 && total > 1.0 + kSumTolerance) over = i;
      terms += (terms.empty() ? "" : " + ") + s.labs(i).id() + " " +
               Checker::number(s.labs(i).compute_share());
      const std::string path = "labs[" + std::to_string(i) + "].compute_share";
      if (override_of(overrides, path) != nullptr) overridden = i;
    }
    if (over < 0) continue;
    if (overridden >= 0) over = overridden;  // a share set by --set is the one that changed
    check.error(check.child(root, s.labs(over), "labs", over), "compute_share",
                "the labs of " + nation.id() + " train on " + Checker::number(total) +
                    " of its compute (" + terms +
                    "); the compute_share of a nation's labs must sum to at most 1");
  }
}

}  // namespace

void check_labs(Checker& check, const Node& root, const v1::Scenario& s, ScenarioIds& ids,
                const std::vector<AppliedOverride>& overrides) {
  const auto& nations = ids.nations;
  auto& labs = ids.labs;
  check_unique_ids(check, root, s.labs(), "labs", labs);
  if (static_cast<std::size_t>(s.labs_size()) > kMaxModels) {
    check.error(root, "labs", "at most " + std::to_string(kMaxModels) + " labs are supported");
  }
  for (int i = 0; i < s.labs_size(); ++i) {
    const auto& l = s.labs(i);
    const Node node = check.child(root, l, "labs", i);
    if (nations.count(l.home_nation()) == 0) {
      check.error(node, "home_nation", "'" + l.home_nation() + "' is not a nation of the scenario");
    }
    if (l.openness() == v1::OPENNESS_UNSPECIFIED)
      check.error(node, "openness", "is missing; OPEN or CLOSED");
    check.in_range(node, "compute_share", l.compute_share(), 0.0, 1.0);
    check.positive(node, "algorithmic_efficiency", l.algorithmic_efficiency());
    check.in_range(node, "quality", l.quality(), 0.0, 100.0);
    check.positive(node, "price_input", l.price_input());
    check.positive(node, "price_output", l.price_output());
    if (!(l.release_interval_months() >= 1.0)) {
      check.error(node, "release_interval_months", "must be at least 1");
    }
  }
  check_compute_shares(check, root, s, nations, overrides);
}

void check_lab_dynamics(Checker& check, const Node& root, const v1::Scenario& s) {
  const Node dyn = check.child(root, s.lab_dynamics(), "lab_dynamics");
  const auto& ld = s.lab_dynamics();
  check.positive(dyn, "algorithmic_progress", ld.algorithmic_progress());
  check.positive(dyn, "quality_per_decade", ld.quality_per_decade());
  check.positive(dyn, "compute_for_quality_100", ld.compute_for_quality_100());
  check.non_negative(dyn, "distillation_margin", ld.distillation_margin());
  check.non_negative(dyn, "open_weight_margin", ld.open_weight_margin());
  check.non_negative(dyn, "price_pass_through", ld.price_pass_through());
  check.positive(dyn, "mtokens_per_h100e_hour", ld.mtokens_per_h100e_hour());
  check.non_negative(dyn, "energy_usd_per_h100e_hour", ld.energy_usd_per_h100e_hour());
  // A closed lab may charge its cost and more; the cap binds where demand is inelastic.
  if (!(ld.max_markup() >= 1.0))
    check.error(dyn, "max_markup", "must be at least 1 (price over cost)");
}

}  // namespace blocsim::validation
