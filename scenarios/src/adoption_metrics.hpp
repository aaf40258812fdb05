#pragma once
// Metrics of adoption (agents/adoption.hpp): who uses whose models. Every share is a share of all
// developers, adopted or not (only the logit rule has everyone on a model), each nation weighted
// by the real developers its agents stand for.

#include <algorithm>

#include "blocsim/scenarios/metrics_catalog.hpp"

namespace blocsim::adoption_metrics {

// The world's share on the models of the labs `pick(lab)` selects, summed in lab order.
template <class Pick>
double world_share_where(const MonthState& s, Pick pick) {
  double sum = 0.0;
  for (std::size_t j = 0; j < s.world_share.size(); ++j) {
    if (pick(j)) sum += s.world_share[j];
  }
  return sum;
}

inline double world_share_of(const MonthState& s, Origin origin) {
  return world_share_where(s, [&](std::size_t j) { return s.world.labs.origin[j] == origin; });
}

inline double world_open_share_of(const MonthState& s, Origin origin) {
  const Labs& labs = s.world.labs;
  return world_share_where(s,
                           [&](std::size_t j) { return labs.open[j] && labs.origin[j] == origin; });
}

// Share of nation n's developers on the models of the labs `pick(lab)` selects.
template <class Pick>
double nation_share_where(const MonthState& s, std::size_t n, Pick pick) {
  const std::size_t M = s.world.labs.size();
  double sum = 0.0;
  for (std::size_t j = 0; j < M; ++j) {
    if (pick(j)) sum += s.share[n * M + j];
  }
  return sum;
}

// The same over every developer outside China (nations weighted by their developers).
template <class Pick>
double outside_china_share_where(const MonthState& s, Pick pick) {
  const Nations& nations = s.world.nations;
  double outside = 0.0;
  double on = 0.0;
  for (std::size_t n = 0; n < nations.size(); ++n) {
    if (nations.origin[n] == Origin::kChina) continue;
    outside += nations.developers[n];
    on += nations.developers[n] * nation_share_where(s, n, pick);
  }
  return outside > 0 ? on / outside : 0.0;
}

// Lab pickers: Chinese labs; Chinese labs' open-weight models.
inline auto chinese(const MonthState& s) {
  return [&s](std::size_t j) { return s.world.labs.origin[j] == Origin::kChina; };
}
inline auto chinese_open(const MonthState& s) {
  return [&s](std::size_t j) {
    return s.world.labs.origin[j] == Origin::kChina && s.world.labs.open[j] != 0;
  };
}

// Share of the world's developers on some model (1 under logit; counted from the agents otherwise).
inline double world_adopted(const MonthState& s) {
  const ReplicaWorld& w = s.world;
  double developers = 0.0;
  double adopted = 0.0;
  for (std::size_t n = 0; n < w.nations.size(); ++n) developers += w.nations.developers[n];
  for (std::size_t n = 0; n < w.nations.size(); ++n) {
    const std::uint32_t first = w.developers.first[n];
    const std::uint32_t last = w.developers.first[n + 1];
    std::uint32_t on_model = last - first;
    if (w.adoption.rule != AdoptionRule::kLogit) {
      on_model = static_cast<std::uint32_t>(
          std::count_if(w.developers.model.begin() + first, w.developers.model.begin() + last,
                        [](std::uint8_t m) { return m != kNoModel; }));
    }
    if (last > first) adopted += w.nations.developers[n] * on_model / (last - first);
  }
  return adopted / developers;
}

inline constexpr MetricEntry kWorldOnUs{
    .name = "adoption.world.origin.us",
    .unit = "share",
    .description = "Share of the world's developers on models of US labs",
    .hist_hi = 1.0,
    .headline = true,
    .read = [](const MonthState& s, std::size_t) { return world_share_of(s, Origin::kUs); }};

inline constexpr MetricEntry kWorldOnChinese{
    .name = "adoption.world.origin.china",
    .unit = "share",
    .description = "Share of the world's developers on models of Chinese labs",
    .hist_hi = 1.0,
    .headline = true,
    .read = [](const MonthState& s, std::size_t) { return world_share_of(s, Origin::kChina); }};

inline constexpr MetricEntry kWorldOnOther{
    .name = "adoption.world.origin.other",
    .unit = "share",
    .description = "Share of the world's developers on models of labs outside the USA and China",
    .hist_hi = 1.0,
    .read = [](const MonthState& s, std::size_t) { return world_share_of(s, Origin::kOther); }};

inline constexpr MetricEntry kWorldOnOpen{
    .name = "adoption.world.open_weight",
    .unit = "share",
    .description = "Share of the world's developers on open-weight models",
    .hist_hi = 1.0,
    .headline = true,
    .read = [](const MonthState& s, std::size_t) {
      return world_share_where(s, [&](std::size_t j) { return s.world.labs.open[j] != 0; });
    }};

inline constexpr MetricEntry kOutsideChinaOnChinese{
    .name = "adoption.outside_china.origin.china",
    .unit = "share",
    .description = "Share of developers outside China on models of Chinese labs",
    .hist_hi = 1.0,
    .read = [](const MonthState& s, std::size_t) {
      return outside_china_share_where(s, chinese(s));
    }};

inline constexpr MetricEntry kWorldAdopted{
    .name = "adoption.world.adopted",
    .unit = "share",
    .description =
        "Share of the world's developers on some model (1 under the logit rule; the "
        "other rules start from seeds); every adoption share is a share of all "
        "developers",
    .hist_hi = 1.0,
    .read = [](const MonthState& s, std::size_t) { return world_adopted(s); }};

inline constexpr MetricEntry kNationOnChinese{
    .name = "adoption.nation.{id}.origin.china",
    .unit = "share",
    .description = "Share of {name}'s developers on models of Chinese labs",
    .hist_hi = 1.0,
    .over = MetricOver::kNation,
    .read = [](const MonthState& s, std::size_t n) {
      return nation_share_where(s, n, chinese(s));
    }};

inline constexpr MetricEntry kWorldOnLab{
    .name = "adoption.world.lab.{id}",
    .unit = "share",
    .description = "Share of the world's developers on {name}'s model",
    .hist_hi = 1.0,
    .over = MetricOver::kLab,
    .read = [](const MonthState& s, std::size_t j) { return s.world_share[j]; }};

inline constexpr MetricEntry kWorldOnChineseOpen{
    .name = "adoption.world.origin.china.open_weight",
    .unit = "share",
    .description = "Share of the world's developers on open-weight models of Chinese labs",
    .hist_hi = 1.0,
    .read = [](const MonthState& s, std::size_t) {
      return world_open_share_of(s, Origin::kChina);
    }};

inline constexpr MetricEntry kWorldOnUsOpen{
    .name = "adoption.world.origin.us.open_weight",
    .unit = "share",
    .description = "Share of the world's developers on open-weight models of US labs",
    .hist_hi = 1.0,
    .read = [](const MonthState& s, std::size_t) { return world_open_share_of(s, Origin::kUs); }};

inline constexpr MetricEntry kOutsideChinaOnChineseOpen{
    .name = "adoption.outside_china.origin.china.open_weight",
    .unit = "share",
    .description = "Share of developers outside China on open-weight models of Chinese labs",
    .hist_hi = 1.0,
    .read = [](const MonthState& s, std::size_t) {
      return outside_china_share_where(s, chinese_open(s));
    }};

inline constexpr MetricEntry kNationOnChineseOpen{
    .name = "adoption.nation.{id}.origin.china.open_weight",
    .unit = "share",
    .description = "Share of {name}'s developers on open-weight models of Chinese labs",
    .hist_hi = 1.0,
    .over = MetricOver::kNation,
    .read = [](const MonthState& s, std::size_t n) {
      return nation_share_where(s, n, chinese_open(s));
    }};

}  // namespace blocsim::adoption_metrics
