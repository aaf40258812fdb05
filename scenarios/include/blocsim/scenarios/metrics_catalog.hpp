#pragma once
// The metrics every run exports, in a fixed order. Names are a contract with plotting tools
// (docs/OUTPUT.md); definitions are in docs/MODEL.md, "Metrics".

#include <string>
#include <vector>

#include "blocsim/core/run_summary.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

// Positions of the fixed metrics; per-nation and per-lab metrics follow them.
enum MetricId : std::size_t {
  kAdoptionUs,
  kAdoptionChina,
  kAdoptionOther,
  kAdoptionOpen,
  kAdoptionChinaOutsideChina,
  kStockBlocUs,
  kStockBlocChina,
  kStockWorld,
  kShareUs,
  kShareChina,
  kComputeRatio,
  kFrontierUs,
  kFrontierChina,
  kQualityGap,
  kPriceRatio,
  kChinaLicensed,
  kChinaLeaked,
  kChinaDomestic,
  kBipolarity,
  kBipolarityCoverage,
  kBipolarityBalance,
  kRegimeUsLed,
  kRegimeChinaLed,
  kRegimeSymmetric,
  kRegimeAsymmetric,
  kChipsUnaccounted,
  kAdoptionAdopted,  // added last, so that the numbers of the metrics before it stay as they were
  kFixedMetrics
};

struct MetricLayout {
  std::size_t nations = 0;
  std::size_t labs = 0;
  std::size_t counters = 0;  // things that fire: triggered events and responses
  std::size_t nation_china_share(std::size_t n) const { return kFixedMetrics + n; }
  std::size_t nation_alignment(std::size_t n) const { return kFixedMetrics + nations + n; }
  std::size_t lab_share(std::size_t l) const { return kFixedMetrics + 2 * nations + l; }
  std::size_t lab_quality(std::size_t l) const { return kFixedMetrics + 2 * nations + labs + l; }
  std::size_t lab_price(std::size_t l) const { return kFixedMetrics + 2 * nations + 2 * labs + l; }
  std::size_t fired(std::size_t k) const { return kFixedMetrics + 2 * nations + 3 * labs + k; }
  std::size_t size() const { return kFixedMetrics + 2 * nations + 3 * labs + counters; }
};

std::vector<MetricDef> metric_catalog(const v1::Scenario& scenario);

}  // namespace blocsim
