// The run, the nations, the chips and the nation groups: the world's entities and their ids,
// which every later area's checks look names up in.
#include <cmath>

#include "checks.hpp"

namespace blocsim::validation {

RunSpan check_run(Checker& check, const Node& root, const v1::Scenario& s) {
  const Node run = check.child(root, s.run(), "run");
  RunSpan span;
  span.start = check_date(check, run, "start", s.run().start(), true);
  span.end = check_date(check, run, "end", s.run().end(), true);
  if (span.start && span.end && *span.end < *span.start)
    check.error(run, "end", "is before run.start");
  if (span.start && span.end && span.end->index() - span.start->index() + 1 > kLongestRun) {
    check.error(run, "end",
                "makes a run of " + std::to_string(span.end->index() - span.start->index() + 1) +
                    " months; at most " + std::to_string(kLongestRun) + " (100 years)");
  }
  if (s.run().replicas() == 0) check.error(run, "replicas", "must be at least 1");
  if (s.run().replicas() > kMostReplicas) {
    check.error(
        run, "replicas",
        "is " + std::to_string(s.run().replicas()) + "; at most " + std::to_string(kMostReplicas));
  }
  return span;
}

void check_nations(Checker& check, const Node& root, const v1::Scenario& s, ScenarioIds& ids) {
  auto& nations = ids.nations;
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
}

// A chip's capacity schedule and its uncertain capacity factor (parameters.hpp,
// kChipCapacityFactor).
void check_chips(Checker& check, const Node& root, const v1::Scenario& s, ScenarioIds& ids) {
  const auto& nations = ids.nations;
  auto& chips = ids.chips;
  auto& makers = ids.makers;
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
}

void check_groups(Checker& check, const Node& root, const v1::Scenario& s, ScenarioIds& ids) {
  const auto& nations = ids.nations;
  auto& groups = ids.groups;
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
}

}  // namespace blocsim::validation
