// The developers' tie graph and the adoption rule with its settings (docs/DIFFUSION.md).
#include <cmath>

#include "../adoption_rule_settings.hpp"
#include "blocsim/scenarios/memory_estimate.hpp"
#include "blocsim/scenarios/world_builder.hpp"
#include "checks.hpp"

namespace blocsim::validation {

// The graph of ties inside each nation (docs/DIFFUSION.md, "Graphs").
void check_tie_graph(Checker& check, const Node& node, const v1::Scenario& s) {
  const auto& g = s.developers().graph();
  switch (g.kind()) {
    case v1::TieGraph::KIND_UNSPECIFIED:
    case v1::TieGraph::SMALL_WORLD:
    case v1::TieGraph::RING_LATTICE:
      break;  // ties_within and rewire are checked with developers
    case v1::TieGraph::COMPLETE: {
      // n (n - 1) / 2 ties per nation, each stored three times while the graph is built (16 to
      // 24 bytes): beyond 1e8 ties a replica no longer fits beside the others.
      // agents_per_nation needs what the checks of nations and developers ensure.
      const auto nations = static_cast<std::uint32_t>(s.nations_size());
      bool countable = nations > 0 && s.developers().agents() >= nations;
      for (const auto& n : s.nations()) countable = countable && n.developers_m() > 0.0;
      if (!countable) break;
      double ties = 0.0;
      for (const std::uint32_t n : agents_per_nation(s)) ties += 0.5 * n * (n - 1.0);
      if (ties > 1e8) {
        check.error(node, "kind",
                    "COMPLETE would give " + Checker::number(ties) +
                        " ties; at most 1e8 (use fewer agents or ERDOS_RENYI)");
      }
      break;
    }
    case v1::TieGraph::ERDOS_RENYI:
      check.in_range(node, "mean_degree", g.mean_degree(), 0.0, 1000.0);
      break;
    case v1::TieGraph::POWER_LAW:
      if (!std::isfinite(g.gamma()))
        check.error(node, "gamma", "must be a finite number, e.g. 2.5");
      if (g.min_degree() < 1)
        check.error(node, "min_degree", "is missing or 0; must be at least 1");
      if (g.max_degree() < g.min_degree()) {
        check.error(node, "max_degree",
                    "is " + std::to_string(g.max_degree()) + ", must be at least min_degree (" +
                        std::to_string(g.min_degree()) + ")");
      }
      if (g.max_degree() > 100000u) check.error(node, "max_degree", "must be at most 100000");
      break;
    default:
      check.error(node, "kind",
                  "is not a graph; allowed: SMALL_WORLD, COMPLETE, RING_LATTICE, "
                  "ERDOS_RENYI, POWER_LAW");
  }
}

// The adoption rule and the settings of the rule in use (docs/DIFFUSION.md).
void check_adoption_rule(Checker& check, const Node& adoption, const v1::Scenario& s) {
  const auto& a = s.adoption();
  // Text format accepts any number for an enum; only the named values mean something.
  if (!v1::AdoptionRuleKind::Rule_IsValid(a.rule())) {
    std::string allowed;
    const auto* values = v1::AdoptionRuleKind::Rule_descriptor();
    for (int i = 1; i < values->value_count(); ++i) {
      allowed += (i > 1 ? ", " : "") + values->value(i)->name();
    }
    check.error(adoption, "rule",
                std::to_string(a.rule()) + " is not an adoption rule; allowed: " + allowed);
    return;
  }
  const AdoptionRule rule = adoption_rule(a);
  const bool logit = rule == AdoptionRule::kLogit;
  if (!v1::AdoptionSettings::NetworkOn_IsValid(a.network_on())) {
    check.error(adoption, "network_on", "is not a choice; allowed: MODEL, BLOC");
  }
  if (!v1::AdoptionSettings::ModelChoice_IsValid(a.model_choice())) {
    check.error(adoption, "model_choice", "is not a choice; allowed: LOGIT, PEERS");
  }
  if (a.has_seeding()) {
    const Node node = check.child(adoption, a.seeding(), "seeding");
    if (logit) {
      check.error(adoption, "seeding",
                  "applies to the rules bass, threshold, cascade and complex; "
                  "under logit every developer starts on a model");
    }
    check.in_range(node, "adopted_fraction", a.seeding().adopted_fraction(), 0.0, 1.0);
    for (int k = 0; k < a.seeding().agents_size(); ++k) {
      if (a.seeding().agents(k) >= s.developers().agents()) {
        check.error(node, "agents",
                    "agent " + std::to_string(a.seeding().agents(k)) +
                        " does not exist; agents are 0 to developers.agents - 1 (" +
                        std::to_string(s.developers().agents()) + " agents)",
                    k);
      }
    }
  }
  const bool seeded = a.seeding().adopted_fraction() > 0.0 || a.seeding().agents_size() > 0;
  check_rule_settings(check, adoption, s, rule, seeded);
}

void check_developers(Checker& check, const Node& root, const v1::Scenario& s) {
  const Node dev = check.child(root, s.developers(), "developers");
  const auto& d = s.developers();
  if (d.agents() < static_cast<std::uint32_t>(s.nations_size())) {
    check.error(dev, "agents",
                "must be at least one per nation (" + std::to_string(s.nations_size()) + ")");
  }
  // Each agent costs about 60 bytes with its ties; a replica of more than 50 million would not
  // leave room for the others on a typical machine.
  if (d.agents() > kMostDevelopers) {
    check.error(dev, "agents",
                "is too large for memory (at most " + std::to_string(kMostDevelopers) + ")");
  }
  if (d.ties_within() % 2 != 0)
    check.error(dev, "ties_within", "must be even (half on each side of the ring)");
  if (d.ties_within() > kMostTiesWithin) {
    check.error(dev, "ties_within",
                "is " + std::to_string(d.ties_within()) + "; at most " +
                    std::to_string(kMostTiesWithin) + " ties per developer");
  }
  check.in_range(dev, "rewire", d.rewire(), 0.0, 1.0);
  check.in_range(dev, "ties_across", d.ties_across(), 0.0, 1000.0);
  check.in_range(dev, "reconsider_rate", d.reconsider_rate(), 0.0, 1.0);
  check.in_range(dev, "public_sector_share", d.public_sector_share(), 0.0, 1.0);
  check.non_negative(dev, "same_language_ties", d.same_language_ties());
  if (d.has_graph()) check_tie_graph(check, check.child(dev, d.graph(), "graph"), s);
}

void check_adoption(Checker& check, const Node& root, const v1::Scenario& s) {
  const Node adoption = check.child(root, s.adoption(), "adoption");
  check_adoption_rule(check, adoption, s);
  check.positive(adoption, "mu", s.adoption().mu());
  check.positive(adoption, "gdp_per_capita_ref", s.adoption().gdp_per_capita_ref());
  check.non_negative(adoption, "switching_cost", s.adoption().switching_cost());
  // The network term's bound (agents/adoption.hpp, kMaxNetworkExponent).
  if (s.adoption().mu() > 0.0 &&
      !(std::abs(s.adoption().network_j() / s.adoption().mu()) <= kMaxNetworkExponent)) {
    check.error(adoption, "network_j",
                "is " + Checker::number(s.adoption().network_j()) + " with mu " +
                    Checker::number(s.adoption().mu()) + "; |network_j / mu| must be at most " +
                    Checker::number(kMaxNetworkExponent) + " (exp() overflows beyond 709)");
  }
  check.non_negative(adoption, "price_floor", s.adoption().price_floor());
}

}  // namespace blocsim::validation
