#include "adoption_rule_settings.hpp"

#include <cmath>

#include "blocsim/scenarios/world_builder.hpp"

namespace blocsim {

AdoptionRule adoption_rule(const v1::AdoptionSettings& adoption) {
  switch (adoption.rule()) {
    case v1::AdoptionRuleKind::bass:
      return AdoptionRule::kBass;
    case v1::AdoptionRuleKind::threshold:
      return AdoptionRule::kThreshold;
    case v1::AdoptionRuleKind::cascade:
      return AdoptionRule::kCascade;
    case v1::AdoptionRuleKind::complex:
      return AdoptionRule::kComplex;
    default:
      return AdoptionRule::kLogit;
  }
}

void set_rule_params(const v1::AdoptionSettings& a, AdoptionParams& params) {
  params.rule = adoption_rule(a);
  params.network_on =
      a.network_on() == v1::AdoptionSettings::BLOC ? NetworkOn::kBloc : NetworkOn::kModel;
  params.model_choice =
      a.model_choice() == v1::AdoptionSettings::PEERS ? ModelChoice::kPeers : ModelChoice::kLogit;
  params.bass = {a.bass().p(), a.bass().q(), a.bass().dt() > 0.0 ? a.bass().dt() : 1.0,
                 a.bass().mean_field()};
  params.threshold = {a.threshold().mean_field()};
  params.cascade = {a.cascade().p()};
  params.complex_contagion = {a.complex().theta(), a.complex().epsilon()};
}

namespace validation {

void check_rule_settings(Checker& check, const Node& adoption, const v1::Scenario& s,
                         AdoptionRule rule, bool seeded) {
  const auto& a = s.adoption();
  if (rule == AdoptionRule::kBass) {
    const Node node = check.child(adoption, a.bass(), "bass");
    check.in_range(node, "p", a.bass().p(), 0.0, 100.0);
    check.in_range(node, "q", a.bass().q(), 0.0, 100.0);
    check.in_range(node, "dt", a.bass().dt(), 0.0, 1000.0);
    if (a.bass().p() == 0.0 && (a.bass().q() == 0.0 || !seeded)) {
      check.error(node, "p", "is 0 and nobody could ever adopt: give p > 0, or q > 0 with seeding");
    }
  } else if (rule == AdoptionRule::kThreshold) {
    const Node node = check.child(adoption, a.threshold(), "threshold");
    if (!a.threshold().has_threshold()) {
      check.error(node, "threshold",
                  "is missing; give the thresholds' distribution, e.g. "
                  "threshold { normal { mean: 0.25 sd: 0.12 } }");
    } else {
      // Any real is a threshold: at or below 0 adopts at once, above 1 never.
      check_distribution(check, check.child(node, a.threshold().threshold(), "threshold"),
                         -INFINITY, INFINITY);
    }
  } else if (rule == AdoptionRule::kCascade) {
    const Node node = check.child(adoption, a.cascade(), "cascade");
    check.in_range(node, "p", a.cascade().p(), 0.0, 1.0);
    if (!seeded) {
      check.error(adoption, "seeding",
                  "is missing; a cascade spreads only from seeds "
                  "(seeding { adopted_fraction: 0.01 } or seeding { agents: 0 })");
    }
  } else if (rule == AdoptionRule::kComplex) {
    const Node node = check.child(adoption, a.complex(), "complex");
    if (a.complex().theta() < 1) check.error(node, "theta", "is missing or 0; must be at least 1");
    check.in_range(node, "epsilon", a.complex().epsilon(), 0.0, 1.0);
    if (!seeded && a.complex().epsilon() == 0.0) {
      check.error(adoption, "seeding",
                  "is missing and complex.epsilon is 0: nobody could ever "
                  "adopt; seed some agents or give epsilon > 0");
    }
  }
}

}  // namespace validation
}  // namespace blocsim
