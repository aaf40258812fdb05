#include "blocsim/scenarios/metrics_catalog.hpp"

#include <array>
#include <stdexcept>

#include "blocsim/scenarios/policy_timeline.hpp"

#include "adoption_metrics.hpp"
#include "bipolarity_metrics.hpp"
#include "chip_flow_metrics.hpp"
#include "compute_metrics.hpp"
#include "lab_metrics.hpp"
#include "policy_metrics.hpp"

namespace blocsim {

namespace {

// The order of the results file's metrics. A name once exported keeps its place: a new metric is
// added at the end, so that every metric before it keeps its position.
constexpr std::array kRegistry = {
    &adoption_metrics::kWorldOnUs,
    &adoption_metrics::kWorldOnChinese,
    &adoption_metrics::kWorldOnOther,
    &adoption_metrics::kWorldOnOpen,
    &adoption_metrics::kOutsideChinaOnChinese,
    &compute_metrics::kBlocStockUs,
    &compute_metrics::kBlocStockChina,
    &compute_metrics::kWorldStock,
    &compute_metrics::kShareUs,
    &compute_metrics::kShareChina,
    &compute_metrics::kUsOverChina,
    &lab_metrics::kFrontierUs,
    &lab_metrics::kFrontierChina,
    &lab_metrics::kQualityGap,
    &lab_metrics::kPriceRatio,
    &chip_flow_metrics::kChinaLicensed,
    &chip_flow_metrics::kChinaLeaked,
    &chip_flow_metrics::kChinaDomestic,
    &bipolarity_metrics::kIndex,
    &bipolarity_metrics::kCoverage,
    &bipolarity_metrics::kBalance,
    &bipolarity_metrics::kUsLed,
    &bipolarity_metrics::kChinaLed,
    &bipolarity_metrics::kSymmetric,
    &bipolarity_metrics::kAsymmetric,
    &chip_flow_metrics::kUnaccounted,
    &adoption_metrics::kWorldAdopted,
    &adoption_metrics::kNationOnChinese,
    &bipolarity_metrics::kNationAlignment,
    &adoption_metrics::kWorldOnLab,
    &lab_metrics::kLabQuality,
    &lab_metrics::kLabPrice,
    &policy_metrics::kFired,
    &adoption_metrics::kWorldOnChineseOpen,
    &bipolarity_metrics::kAdoption,
    &bipolarity_metrics::kCompute,
    &bipolarity_metrics::kAlignment,
    &bipolarity_metrics::kContested,
    &lab_metrics::kLabMarkup,
    &adoption_metrics::kWorldOnUsOpen,
    &adoption_metrics::kOutsideChinaOnChineseOpen,
    &adoption_metrics::kNationOnChineseOpen,
};

std::size_t family_size(MetricOver over, const MetricCounts& counts) {
  switch (over) {
    case MetricOver::kWorld:
      return 1;
    case MetricOver::kNation:
      return counts.nations;
    case MetricOver::kLab:
      return counts.labs;
    case MetricOver::kCounter:
      return counts.counters;
  }
  return 0;
}

// `text` with every `{key}` replaced by `value`.
std::string fill(std::string_view text, std::string_view key, std::string_view value) {
  std::string out(text);
  for (std::size_t at = out.find(key); at != std::string::npos;
       at = out.find(key, at + value.size())) {
    out.replace(at, key.size(), value);
  }
  return out;
}

MetricDef definition(const MetricEntry& e, std::string_view id, std::string_view name) {
  return {fill(e.name, "{id}", id), std::string(e.unit), fill(e.description, "{name}", name),
          e.hist_lo, e.hist_hi};
}

}  // namespace

std::span<const MetricEntry* const> metric_registry() {
  return kRegistry;
}

void world_share_by_lab(const Nations& nations, std::size_t labs, std::span<const double> share,
                        std::vector<double>& world_share) {
  const std::size_t M = labs;
  world_share.assign(M, 0.0);
  double developers = 0.0;
  for (std::size_t n = 0; n < nations.size(); ++n) {
    developers += nations.developers[n];
    for (std::size_t j = 0; j < M; ++j) world_share[j] += nations.developers[n] * share[n * M + j];
  }
  for (std::size_t j = 0; j < M; ++j) world_share[j] /= developers;
}

std::vector<MetricReader> metric_readers(const MetricCounts& counts) {
  std::vector<MetricReader> readers;
  for (const MetricEntry* e : kRegistry) {
    for (std::size_t k = 0; k < family_size(e->over, counts); ++k) readers.push_back({e->read, k});
  }
  return readers;
}

void record_month(std::span<const MetricReader> readers, const MonthState& month,
                  std::vector<double>& values, std::size_t months) {
  for (std::size_t m = 0; m < readers.size(); ++m) {
    values[m * months + month.month] = readers[m].read(month, readers[m].entity);
  }
}

std::vector<MetricDef> metric_catalog(const v1::Scenario& s) {
  const std::vector<std::string> counters = policy_counter_names(s);
  std::vector<MetricDef> m;
  for (const MetricEntry* e : kRegistry) {
    switch (e->over) {
      case MetricOver::kWorld:
        m.push_back(definition(*e, "", ""));
        break;
      case MetricOver::kNation:
        for (const auto& n : s.nations()) m.push_back(definition(*e, n.id(), n.name()));
        break;
      case MetricOver::kLab:
        for (const auto& l : s.labs()) m.push_back(definition(*e, l.id(), l.name()));
        break;
      case MetricOver::kCounter:
        for (const auto& name : counters) m.push_back(definition(*e, name, name));
        break;
    }
  }
  return m;
}

std::size_t metric_index(const std::vector<MetricDef>& catalog, std::string_view name) {
  for (std::size_t m = 0; m < catalog.size(); ++m) {
    if (catalog[m].name == name) return m;
  }
  throw std::out_of_range("no metric " + std::string(name));
}

std::vector<std::string> headline_metric_names() {
  std::vector<std::string> names;
  for (const MetricEntry* e : kRegistry) {
    if (e->headline) names.emplace_back(e->name);
  }
  return names;
}

std::string metric_table_markdown() {
  // A family's placeholders as the docs write them, and its size in the position formula.
  const auto shown = [](const MetricEntry& e) {
    switch (e.over) {
      case MetricOver::kNation:
        return fill(e.name, "{id}", "<ISO3>");
      case MetricOver::kLab:
        return fill(e.name, "{id}", "<lab>");
      case MetricOver::kCounter:
        return fill(e.name, "{id}", "<counter>");
      case MetricOver::kWorld:
        break;
    }
    return std::string(e.name);
  };
  std::string out = "| # | name | unit | description (in the results file) |\n|---|---|---|---|\n";
  std::size_t fixed = 0;
  MetricCounts families;  // the families before this entry
  // How many metrics come before: `fixed + a N + b L + c K`.
  const auto position = [&] {
    std::string at = std::to_string(fixed);
    const auto term = [&](std::size_t count, const char* symbol) {
      if (count == 0) return;
      at += " + " + (count > 1 ? std::to_string(count) + " " : std::string()) + symbol;
    };
    term(families.nations, "N");
    term(families.labs, "L");
    term(families.counters, "K");
    return at;
  };
  for (const MetricEntry* e : kRegistry) {
    std::string description(e->description);
    if (e->over == MetricOver::kNation) description = fill(description, "{name}", "the nation");
    if (e->over == MetricOver::kLab) description = fill(description, "{name}", "the lab");
    if (e->over == MetricOver::kCounter) description = fill(description, "{name}", "it");
    description = fill(description, "|", "\\|");
    out += "| " + position() + " | `" + shown(*e) + "` | " + std::string(e->unit) + " | " +
           description + " |\n";
    switch (e->over) {
      case MetricOver::kWorld:
        ++fixed;
        break;
      case MetricOver::kNation:
        ++families.nations;
        break;
      case MetricOver::kLab:
        ++families.labs;
        break;
      case MetricOver::kCounter:
        ++families.counters;
        break;
    }
  }
  out += "\nA run has `" + position() + "` metrics.\n";
  return out;
}

}  // namespace blocsim
