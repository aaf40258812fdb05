#pragma once
// Metrics of the chip market (agents/chip_market.hpp): the month's chips reaching China by
// channel, and the check that every chip made is accounted for.

#include <algorithm>
#include <cmath>

#include "blocsim/agents/blocs.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"

namespace blocsim::chip_flow_metrics {

inline std::size_t china(const MonthState& s) {
  return bloc_leader(s.world.nations, Origin::kChina);
}

// The largest conservation residual over chips (0 up to rounding).
inline double unaccounted(const MonthState& s) {
  double worst = 0.0;
  for (std::size_t c = 0; c < s.world.chips.size(); ++c) {
    worst = std::max(worst, std::abs(conservation_residual(s.ledger, c, s.world.nations.size())));
  }
  return worst;
}

inline constexpr MetricEntry kChinaLicensed{
    .name = "chips.china.licensed",
    .unit = "H100e/month",
    .description = "Foreign chips reaching China legally (allowed or licensed)",
    .read = [](const MonthState& s, std::size_t) { return s.ledger.licensed_h100e[china(s)]; }};

inline constexpr MetricEntry kChinaLeaked{
    .name = "chips.china.leaked",
    .unit = "H100e/month",
    .description =
        "Chips reaching China through leakage channels (hubs, subsidiaries, grey market)",
    .read = [](const MonthState& s, std::size_t) { return s.ledger.leaked_h100e[china(s)]; }};

inline constexpr MetricEntry kChinaDomestic{
    .name = "chips.china.domestic",
    .unit = "H100e/month",
    .description = "Chinese-made chips delivered in China",
    .read = [](const MonthState& s, std::size_t) { return s.ledger.domestic_h100e[china(s)]; }};

inline constexpr MetricEntry kUnaccounted{
    .name = "chips.unaccounted",
    .unit = "chips",
    .description =
        "Chips produced but neither delivered, seized nor stocked (0 when chips are conserved)",
    .read = [](const MonthState& s, std::size_t) { return unaccounted(s); }};

}  // namespace blocsim::chip_flow_metrics
