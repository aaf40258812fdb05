#pragma once
// Metrics of the labs (agents/lab_dynamics.hpp, agents/lab_pricing.hpp): the quality of the blocs'
// best models, the prices of comparable ones, and each lab's price and markup.

#include <algorithm>
#include <cmath>

#include "blocsim/scenarios/metrics_catalog.hpp"

namespace blocsim::lab_metrics {

// Quality of the best model of a bloc's labs (0 when it has none).
inline double frontier(const Labs& labs, Origin origin) {
  double best = 0.0;
  for (std::size_t j = 0; j < labs.size(); ++j) {
    if (labs.origin[j] == origin) best = std::max(best, labs.quality[j]);
  }
  return best;
}

inline double quality_gap(const Labs& labs) {
  const double us = frontier(labs, Origin::kUs);
  return us > 0 ? (us - frontier(labs, Origin::kChina)) / us : 0.0;
}

// Cheapest US model over cheapest Chinese model, both within 3% of the weaker bloc's best; 0
// when either bloc has no such model.
inline double price_ratio(const Labs& labs) {
  const double comparable =
      0.97 * std::min(frontier(labs, Origin::kUs), frontier(labs, Origin::kChina));
  double cheapest_us = INFINITY;
  double cheapest_china = INFINITY;
  for (std::size_t j = 0; j < labs.size(); ++j) {
    if (labs.quality[j] < comparable) continue;
    if (labs.origin[j] == Origin::kUs) cheapest_us = std::min(cheapest_us, labs.price[j]);
    if (labs.origin[j] == Origin::kChina) cheapest_china = std::min(cheapest_china, labs.price[j]);
  }
  return std::isfinite(cheapest_us) && std::isfinite(cheapest_china) ? cheapest_us / cheapest_china
                                                                     : 0.0;
}

inline constexpr MetricEntry kFrontierUs{
    .name = "quality.frontier.us",
    .unit = "quality index",
    .description = "Quality of the best US model (an unbounded index, docs/MODEL.md \"Labs\")",
    .hist_hi = 200.0,
    .read = [](const MonthState& s, std::size_t) { return frontier(s.world.labs, Origin::kUs); }};

inline constexpr MetricEntry kFrontierChina{
    .name = "quality.frontier.china",
    .unit = "quality index",
    .description = "Quality of the best Chinese model (an unbounded index, docs/MODEL.md \"Labs\")",
    .hist_hi = 200.0,
    .read = [](const MonthState& s, std::size_t) {
      return frontier(s.world.labs, Origin::kChina);
    }};

inline constexpr MetricEntry kQualityGap{
    .name = "quality.gap",
    .unit = "share",
    .description = "Relative quality gap of the best models: (US - China) / US",
    .headline = true,
    .read = [](const MonthState& s, std::size_t) { return quality_gap(s.world.labs); }};

inline constexpr MetricEntry kPriceRatio{
    .name = "price.ratio.us_over_china",
    .unit = "ratio",
    .description =
        "Price of the cheapest US model over the cheapest Chinese model, both within "
        "3% of the weaker bloc's best model",
    .headline = true,
    .read = [](const MonthState& s, std::size_t) { return price_ratio(s.world.labs); }};

inline constexpr MetricEntry kLabQuality{
    .name = "quality.lab.{id}",
    .unit = "quality index",
    .description = "Quality of {name}'s released model",
    .hist_hi = 200.0,
    .over = MetricOver::kLab,
    .read = [](const MonthState& s, std::size_t j) { return s.world.labs.quality[j]; }};

inline constexpr MetricEntry kLabPrice{
    .name = "price.lab.{id}",
    .unit = "USD per 1M tokens",
    .description = "Blended price of {name}'s model (3 input : 1 output tokens)",
    .over = MetricOver::kLab,
    .read = [](const MonthState& s, std::size_t j) { return s.world.labs.price[j]; }};

inline constexpr MetricEntry kLabMarkup{
    .name = "price.markup.lab.{id}",
    .unit = "ratio",
    .description = "{name}'s price over its serving cost (1 for open weights; docs/MODEL.md)",
    .over = MetricOver::kLab,
    .read = [](const MonthState& s, std::size_t j) {
      return s.world.labs.price[j] / s.world.labs.cost[j];
    }};

}  // namespace blocsim::lab_metrics
