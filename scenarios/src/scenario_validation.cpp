// Semantic validation of a scenario. Every check names the field path it is about; the scenario's
// source (scenario_source.hpp) turns that path into a file, line and column.

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

namespace {

using validation::check_adoption_rule;
using validation::check_date;
using validation::check_distribution;
using validation::check_events;
using validation::check_tie_graph;
using validation::check_unique_ids;
using validation::Checker;
using validation::Node;

// Shares of one whole must not add up to more than it. Sums are allowed this much rounding.
constexpr double kSumTolerance = 1e-9;

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

namespace validation {

// Every check but those of the `uncertain` list, by field path (not yet located).
std::vector<Diagnostic> check_scenario(const v1::Scenario& s,
                                       const std::vector<AppliedOverride>& overrides) {
  std::vector<Diagnostic> out;
  Checker check(out);
  const Node root{&s, ""};

  if (s.name().empty()) check.error(root, "name", "is missing");

  // The run.
  const Node run = check.child(root, s.run(), "run");
  const auto start = check_date(check, run, "start", s.run().start(), true);
  const auto end = check_date(check, run, "end", s.run().end(), true);
  if (start && end && *end < *start) check.error(run, "end", "is before run.start");
  if (s.run().replicas() == 0) check.error(run, "replicas", "must be at least 1");

  // Nations.
  std::unordered_set<std::string> nations;
  check_unique_ids(check, root, s.nations(), "nations", nations);
  if (s.nations_size() == 0) check.error(root, "nations", "at least one nation is needed");
  if (nations.count("USA") == 0 || nations.count("CHN") == 0) {
    check.error(root, "nations", "the nations must include USA and CHN, the two blocs' leaders");
  }
  for (int i = 0; i < s.nations_size(); ++i) {
    const auto& n = s.nations(i);
    const Node node = check.child(root, n, "nations", i);
    check.positive(node, "gdp_usd_tn", n.gdp_usd_tn());
    check.non_negative(node, "energy_gw", n.energy_gw());
    check.in_range(node, "energy_growth", n.energy_growth(), -0.5, 5.0);
    check.non_negative(node, "ai_capex_usd_bn", n.ai_capex_usd_bn());
    check.in_range(node, "capex_growth", n.capex_growth(), -0.5, 5.0);
    check.positive(node, "developers_m", n.developers_m());
    check.positive(node, "population_m", n.population_m());
    check.in_range(node, "bloc_lean", n.bloc_lean(), -1.0, 1.0);
    check.non_negative(node, "compute_h100e", n.compute_h100e());
    check.in_range(node, "lat", n.lat(), -90.0, 90.0);
    check.in_range(node, "lon", n.lon(), -180.0, 180.0);
  }

  // Chips.
  std::unordered_set<std::string> chips;
  std::set<std::string> makers;
  check_unique_ids(check, root, s.chips(), "chips", chips);
  for (int i = 0; i < s.chips_size(); ++i) {
    const auto& c = s.chips(i);
    const Node node = check.child(root, c, "chips", i);
    makers.insert(c.maker());
    if (nations.count(c.home_nation()) == 0) {
      check.error(node, "home_nation", "'" + c.home_nation() + "' is not a nation of the scenario");
    }
    check.positive(node, "perf_train", c.perf_train());
    check.positive(node, "perf_inference", c.perf_inference());
    check.positive(node, "price_usd", c.price_usd());
    std::optional<YearMonth> previous;
    for (int k = 0; k < c.capacity_size(); ++k) {
      const Node point = check.child(node, c.capacity(k), "capacity", k);
      const auto from = check_date(check, point, "from", c.capacity(k).from(), true);
      if (from && previous && *from <= *previous)
        check.error(point, "from", "must be after the previous point's");
      if (from) previous = from;
      if (!(c.capacity(k).units_per_month() >= 0.0)) {
        check.error(point, "units_per_month", "is negative; a capacity must be 0 or more");
      }
    }
    if (c.has_capacity_factor()) {
      check_distribution(check, check.child(node, c.capacity_factor(), "capacity_factor"), 0.0,
                         INFINITY);
    }
  }

  // Labs.
  std::unordered_set<std::string> labs;
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

  // Developers, market, dynamics, adoption.
  const Node dev = check.child(root, s.developers(), "developers");
  const auto& d = s.developers();
  if (d.agents() < static_cast<std::uint32_t>(s.nations_size())) {
    check.error(dev, "agents",
                "must be at least one per nation (" + std::to_string(s.nations_size()) + ")");
  }
  // Each agent costs about 60 bytes with its ties; a replica of more than 50 million would not
  // leave room for the others on a typical machine.
  if (d.agents() > 50'000'000u)
    check.error(dev, "agents", "is too large for memory (at most 50000000)");
  if (d.ties_within() % 2 != 0)
    check.error(dev, "ties_within", "must be even (half on each side of the ring)");
  check.in_range(dev, "rewire", d.rewire(), 0.0, 1.0);
  check.in_range(dev, "ties_across", d.ties_across(), 0.0, 1000.0);
  check.in_range(dev, "reconsider_rate", d.reconsider_rate(), 0.0, 1.0);
  check.in_range(dev, "public_sector_share", d.public_sector_share(), 0.0, 1.0);
  check.non_negative(dev, "same_language_ties", d.same_language_ties());
  if (d.has_graph()) check_tie_graph(check, check.child(dev, d.graph(), "graph"), s);

  const Node market = check.child(root, s.market(), "market");
  const auto& m = s.market();
  check.in_range(market, "capex_chip_share", m.capex_chip_share(), 0.0, 1.0);
  check.non_negative(market, "chip_choice_beta", m.chip_choice_beta());
  check.positive(market, "depreciation_half_life_months", m.depreciation_half_life_months());
  check.positive(market, "h100e_per_gw", m.h100e_per_gw());
  std::unordered_set<std::string> channels;
  check_unique_ids(check, market, m.leakage(), "leakage", channels);
  for (int i = 0; i < m.leakage_size(); ++i) {
    const Node node = check.child(market, m.leakage(i), "leakage", i);
    check_distribution(check, check.child(node, m.leakage(i).rate(), "rate"), 0.0, 1.0);
    check_distribution(check, check.child(node, m.leakage(i).interdiction(), "interdiction"), 0.0,
                       1.0);
    check.non_negative(node, "markup", m.leakage(i).markup());
  }
  check_leakage_sum(check, market, m, overrides);

  const Node dyn = check.child(root, s.lab_dynamics(), "lab_dynamics");
  check.positive(dyn, "quality_half_compute", s.lab_dynamics().quality_half_compute());
  check.positive(dyn, "quality_elasticity", s.lab_dynamics().quality_elasticity());
  check.positive(dyn, "algorithmic_progress", s.lab_dynamics().algorithmic_progress());
  check.non_negative(dyn, "catch_up", s.lab_dynamics().catch_up());

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

  const Node alignment = check.child(root, s.alignment(), "alignment");
  check.in_range(alignment, "rate", s.alignment().rate(), 0.0, 1.0);

  const Node regimes = check.child(root, s.regimes(), "regimes");
  check.positive(regimes, "decisive_compute_ratio", s.regimes().decisive_compute_ratio());
  check.positive(regimes, "decisive_adoption_ratio", s.regimes().decisive_adoption_ratio());

  // Nation groups.
  std::unordered_set<std::string> groups;
  check_unique_ids(check, root, s.groups(), "groups", groups);
  for (int i = 0; i < s.groups_size(); ++i) {
    const Node node = check.child(root, s.groups(i), "groups", i);
    for (int k = 0; k < s.groups(i).nations_size(); ++k) {
      if (nations.count(s.groups(i).nations(k)) == 0) {
        check.error(node, "nations",
                    "'" + s.groups(i).nations(k) + "' is not a nation of the scenario", k);
      }
    }
  }

  // Responses.
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

  check_events(check, root, s,
               {std::move(nations), std::move(chips), std::move(makers), std::move(labs),
                std::move(channels), std::move(groups)},
               start, end);
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
    diagnostic.line = place.line;
    diagnostic.column = place.column;
  }
  return out;
}

}  // namespace blocsim
