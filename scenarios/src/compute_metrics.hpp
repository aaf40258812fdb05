#pragma once
// Metrics of compute stocks (agents/compute_stock.hpp): who holds the world's AI compute, the
// two blocs' stocks weighted by each nation's lean.

#include <algorithm>

#include "blocsim/agents/blocs.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"

namespace blocsim::compute_metrics {

inline double world_stock(const Nations& nations) {
  double sum = 0.0;
  for (std::size_t n = 0; n < nations.size(); ++n) sum += nations.stock[n];
  return sum;
}

// Stocks weighted by the lean toward a bloc: `toward` +1 the US-led bloc, -1 the China-led.
inline double bloc_stock(const Nations& nations, double toward) {
  double sum = 0.0;
  for (std::size_t n = 0; n < nations.size(); ++n) {
    sum += nations.stock[n] * std::max(toward * nations.lean[n], 0.0);
  }
  return sum;
}

// The bloc leader's share of the world stock.
inline double leader_share(const Nations& nations, Origin bloc) {
  const double world = world_stock(nations);
  return world > 0 ? nations.stock[bloc_leader(nations, bloc)] / world : 0.0;
}

// US stock over Chinese stock (0 while China has none).
inline double us_over_china(const Nations& nations) {
  const double china = nations.stock[bloc_leader(nations, Origin::kChina)];
  return china > 0 ? nations.stock[bloc_leader(nations, Origin::kUs)] / china : 0.0;
}

inline constexpr MetricEntry kBlocStockUs{
    .name = "compute.stock.bloc.us",
    .unit = "H100e",
    .description =
        "AI compute of the US-led bloc: nations' stocks weighted by their lean toward the USA",
    .read = [](const MonthState& s, std::size_t) { return bloc_stock(s.world.nations, 1.0); }};

inline constexpr MetricEntry kBlocStockChina{
    .name = "compute.stock.bloc.china",
    .unit = "H100e",
    .description =
        "AI compute of the China-led bloc: nations' stocks weighted by their lean toward China",
    .read = [](const MonthState& s, std::size_t) { return bloc_stock(s.world.nations, -1.0); }};

inline constexpr MetricEntry kWorldStock{
    .name = "compute.stock.world",
    .unit = "H100e",
    .description = "World AI compute stock",
    .read = [](const MonthState& s, std::size_t) { return world_stock(s.world.nations); }};

inline constexpr MetricEntry kShareUs{.name = "compute.share.us",
                                      .unit = "share",
                                      .description = "The USA's share of world AI compute",
                                      .hist_hi = 1.0,
                                      .read = [](const MonthState& s, std::size_t) {
                                        return leader_share(s.world.nations, Origin::kUs);
                                      }};

inline constexpr MetricEntry kShareChina{.name = "compute.share.china",
                                         .unit = "share",
                                         .description = "China's share of world AI compute",
                                         .hist_hi = 1.0,
                                         .headline = true,
                                         .read = [](const MonthState& s, std::size_t) {
                                           return leader_share(s.world.nations, Origin::kChina);
                                         }};

inline constexpr MetricEntry kUsOverChina{
    .name = "compute.ratio.us_over_china",
    .unit = "ratio",
    .description = "US AI compute over Chinese AI compute",
    .headline = true,
    .read = [](const MonthState& s, std::size_t) { return us_over_china(s.world.nations); }};

}  // namespace blocsim::compute_metrics
