#pragma once
// Metrics of the split between the blocs (agents/alignment.hpp, agents/bloc_metrics.hpp): the
// bipolarity of outcomes (whose models the world's developers use, whose compute it holds), of
// GDP-weighted alignment, each nation's lean and the regime label. docs/MODEL.md, "Bipolarity
// and regimes", says why bipolarity.index is the adoption one.

#include "adoption_metrics.hpp"
#include "blocsim/agents/bloc_metrics.hpp"
#include "compute_metrics.hpp"
#include "lab_metrics.hpp"

namespace blocsim::bipolarity_metrics {

inline Bipolarity of(const MonthState& s) {
  return bipolarity(s.world.nations.gdp, s.world.nations.lean);
}

// B = 4 s_US s_CN of the world's adopters on each bloc's models: who the world builds on. The
// shares are of developers on some model, so that under a rule with non-adopters (Bass and the
// others) the index measures the split, not how far adoption has got (adoption.world.adopted).
inline double of_adoption(const MonthState& s) {
  const double adopted = adoption_metrics::world_adopted(s);
  if (!(adopted > 0.0)) return 0.0;
  return 4.0 * (adoption_metrics::world_share_of(s, Origin::kUs) / adopted) *
         (adoption_metrics::world_share_of(s, Origin::kChina) / adopted);
}

// B = 4 s_US s_CN of the world's compute stock held by each bloc (stocks weighted by lean).
inline double of_compute(const MonthState& s) {
  const double world = compute_metrics::world_stock(s.world.nations);
  if (!(world > 0.0)) return 0.0;
  return 4.0 * (compute_metrics::bloc_stock(s.world.nations, 1.0) / world) *
         (compute_metrics::bloc_stock(s.world.nations, -1.0) / world);
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
    .unit = "index",
    .description =
        "Bipolarity B = 4 s_US s_CN of the world's developers on each bloc's models "
        "(1: half on each; the same as bipolarity.adoption)",
    .hist_hi = 1.0,
    .headline = true,
    .read = [](const MonthState& s, std::size_t) { return of_adoption(s); }};

inline constexpr MetricEntry kAdoption{
    .name = "bipolarity.adoption",
    .unit = "index",
    .description = "Bipolarity B = 4 s_US s_CN of adopters' shares by model origin",
    .hist_hi = 1.0,
    .read = [](const MonthState& s, std::size_t) { return of_adoption(s); }};

inline constexpr MetricEntry kCompute{
    .name = "bipolarity.compute",
    .unit = "index",
    .description = "Bipolarity B = 4 s_US s_CN of the blocs' shares of world AI compute",
    .hist_hi = 1.0,
    .read = [](const MonthState& s, std::size_t) { return of_compute(s); }};

inline constexpr MetricEntry kAlignment{
    .name = "bipolarity.alignment",
    .unit = "index",
    .description = "Bipolarity B = 4 s_US s_CN of GDP-weighted political alignment",
    .hist_hi = 1.0,
    .read = [](const MonthState& s, std::size_t) { return of(s).index; }};

inline constexpr MetricEntry kCoverage{
    .name = "bipolarity.coverage",
    .unit = "share",
    .description = "GDP share aligned with either bloc, s_US + s_CN",
    .hist_hi = 1.0,
    .read = [](const MonthState& s, std::size_t) { return of(s).coverage; }};

inline constexpr MetricEntry kBalance{
    .name = "bipolarity.balance",
    .unit = "index",
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

inline constexpr MetricEntry kContested{
    .name = "regime.contested",
    .unit = "probability",
    .description =
        "No decisive leader, and the quality or open-weight adoption lead is within "
        "regimes.lead_margin",
    .hist_hi = 1.0,
    .read = indicator<Regime::kContested>};

inline constexpr MetricEntry kNationAlignment{
    .name = "alignment.nation.{id}",
    .unit = "lean",
    .description = "Alignment of {name} (-1 China-led bloc, +1 US-led bloc)",
    .hist_lo = -1.0,
    .hist_hi = 1.0,
    .over = MetricOver::kNation,
    .read = [](const MonthState& s, std::size_t n) { return s.world.nations.lean[n]; }};

}  // namespace blocsim::bipolarity_metrics
