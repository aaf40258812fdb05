#pragma once
// Metrics of the split between the blocs (agents/alignment.hpp, agents/bloc_metrics.hpp): each
// nation's lean, the bipolarity of GDP-weighted alignment and the regime label.

#include "adoption_metrics.hpp"
#include "blocsim/agents/bloc_metrics.hpp"
#include "compute_metrics.hpp"
#include "lab_metrics.hpp"

namespace blocsim::bipolarity_metrics {

inline Bipolarity of(const MonthState& s) {
  return bipolarity(s.world.nations.gdp, s.world.nations.lean);
}

// The regime this month from the compute, quality and adoption metrics.
inline Regime regime(const MonthState& s) {
  using adoption_metrics::world_open_share_of;
  using adoption_metrics::world_share_of;
  const RegimeInputs inputs{compute_metrics::us_over_china(s.world.nations),
                            lab_metrics::frontier(s.world.labs, Origin::kUs),
                            lab_metrics::frontier(s.world.labs, Origin::kChina),
                            world_share_of(s, Origin::kUs),
                            world_share_of(s, Origin::kChina),
                            world_open_share_of(s, Origin::kUs),
                            world_open_share_of(s, Origin::kChina)};
  return classify_regime(inputs, s.world.regimes);
}

// The indicator of one regime: 1 in the months it holds, else 0.
template <Regime kRegime>
double indicator(const MonthState& s, std::size_t) {
  return regime(s) == kRegime ? 1.0 : 0.0;
}

inline constexpr MetricEntry kIndex{
    .name = "bipolarity.index",
    .unit = "share",
    .description = "Bipolarity B = 4 s_US s_CN of GDP-weighted alignment (1: two equal blocs)",
    .hist_hi = 1.0,
    .headline = true,
    .read = [](const MonthState& s, std::size_t) { return of(s).index; }};

inline constexpr MetricEntry kCoverage{
    .name = "bipolarity.coverage",
    .unit = "share",
    .description = "GDP share aligned with either bloc, s_US + s_CN",
    .hist_hi = 1.0,
    .read = [](const MonthState& s, std::size_t) { return of(s).coverage; }};

inline constexpr MetricEntry kBalance{
    .name = "bipolarity.balance",
    .unit = "share",
    .description = "Balance of the two blocs, 1 - |s_US - s_CN| / (s_US + s_CN)",
    .hist_hi = 1.0,
    .read = [](const MonthState& s, std::size_t) { return of(s).balance; }};

inline constexpr MetricEntry kUsLed{
    .name = "regime.us_led",
    .unit = "probability",
    .description = "The US leads decisively in compute, quality and adoption",
    .hist_hi = 1.0,
    .read = indicator<Regime::kUsLed>};

inline constexpr MetricEntry kChinaLed{
    .name = "regime.china_led",
    .unit = "probability",
    .description = "China leads decisively in compute, quality and adoption",
    .hist_hi = 1.0,
    .read = indicator<Regime::kChinaLed>};

inline constexpr MetricEntry kSymmetric{
    .name = "regime.symmetric_bipolar",
    .unit = "probability",
    .description =
        "Neither leads decisively, and one bloc is ahead in capability and "
        "open-weight adoption alike",
    .hist_hi = 1.0,
    .read = indicator<Regime::kSymmetricBipolar>};

inline constexpr MetricEntry kAsymmetric{
    .name = "regime.asymmetric_bipolar",
    .unit = "probability",
    .description =
        "One bloc leads compute and frontier quality while the other leads open-weight adoption",
    .hist_hi = 1.0,
    .headline = true,
    .read = indicator<Regime::kAsymmetricBipolar>};

inline constexpr MetricEntry kNationAlignment{
    .name = "alignment.nation.{id}",
    .unit = "lean",
    .description = "Alignment of {name} (-1 China-led bloc, +1 US-led bloc)",
    .hist_lo = -1.0,
    .hist_hi = 1.0,
    .over = MetricOver::kNation,
    .read = [](const MonthState& s, std::size_t n) { return s.world.nations.lean[n]; }};

}  // namespace blocsim::bipolarity_metrics
