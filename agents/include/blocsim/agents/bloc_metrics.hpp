#pragma once
// Measures of how the world splits between the two blocs: the bipolarity index and the regime
// label. Definitions: docs/MODEL.md, "Bipolarity and regimes".

#include <span>

namespace blocsim {

struct Bipolarity {
  double us_mass = 0.0;     // s_US = sum_n w_n max(x_n, 0) / sum_n w_n
  double china_mass = 0.0;  // s_CN = sum_n w_n max(-x_n, 0) / sum_n w_n
  double index = 0.0;       // B = 4 s_US s_CN, in [0, 1]
  double coverage = 0.0;    // s_US + s_CN: how much of the world is aligned at all
  double balance = 0.0;     // 1 - |s_US - s_CN| / (s_US + s_CN); 0 when nothing is aligned
};

// weights w_n >= 0 (e.g. GDP), alignments x_n in [-1, 1].
Bipolarity bipolarity(std::span<const double> weights, std::span<const double> alignment);

enum class Regime {
  kUsLed = 0,
  kChinaLed = 1,
  kSymmetricBipolar = 2,
  kAsymmetricBipolar = 3,
  kContested = 4,  // a lead in quality or open-weight adoption is within the margin
};

struct RegimeInputs {
  double compute_ratio = 1.0;        // US compute / China compute
  double quality_us = 0.0;           // best US model
  double quality_china = 0.0;        // best Chinese model
  double adoption_us = 0.0;          // world share of developers on US models
  double adoption_china = 0.0;       // world share on Chinese models
  double open_adoption_us = 0.0;     // world share on US open-weight models
  double open_adoption_china = 0.0;  // world share on Chinese open-weight models
};

struct RegimeThresholds {
  double compute_ratio = 3.0;   // a bloc leads decisively with this much more compute
  double quality_gap = 0.05;    // ... with a best model this much better (relative)
  double adoption_ratio = 2.0;  // ... with this many times the other's adoption share
  double lead_margin = 0.0;     // relative leads within it are not leads (noise, not a bloc's)
};

// A bloc leads (us_led / china_led) when it leads decisively in compute, quality and adoption.
// Otherwise, when the relative quality gap or the relative gap in open-weight adoption is within
// lead_margin, who is ahead cannot be told from release noise: contested. Otherwise the world is
// bipolar: asymmetric when the bloc ahead in both compute and quality is not the one ahead in
// open-weight adoption, symmetric otherwise.
Regime classify_regime(const RegimeInputs& in, const RegimeThresholds& thresholds);

}  // namespace blocsim
