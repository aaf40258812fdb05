#include "blocsim/agents/bloc_metrics.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace blocsim {
namespace {

TEST(Bipolarity, TwoEqualBlocsAreFullyBipolar) {
  const std::vector<double> w = {1.0, 1.0};
  const std::vector<double> x = {1.0, -1.0};
  const Bipolarity b = bipolarity(w, x);
  EXPECT_DOUBLE_EQ(b.us_mass, 0.5);
  EXPECT_DOUBLE_EQ(b.china_mass, 0.5);
  EXPECT_DOUBLE_EQ(b.index, 1.0);
  EXPECT_DOUBLE_EQ(b.coverage, 1.0);
  EXPECT_DOUBLE_EQ(b.balance, 1.0);
}

TEST(Bipolarity, HandComputedMixedWorld) {
  // s_US = (3*0.5 + 1*1) / 6 = 2.5/6; s_CN = (2*0.75) / 6 = 1.5/6.
  const std::vector<double> w = {3.0, 1.0, 2.0};
  const std::vector<double> x = {0.5, 1.0, -0.75};
  const Bipolarity b = bipolarity(w, x);
  EXPECT_DOUBLE_EQ(b.us_mass, 2.5 / 6);
  EXPECT_DOUBLE_EQ(b.china_mass, 1.5 / 6);
  EXPECT_DOUBLE_EQ(b.index, 4 * (2.5 / 6) * (1.5 / 6));
  EXPECT_DOUBLE_EQ(b.coverage, 4.0 / 6);
  EXPECT_DOUBLE_EQ(b.balance, 1.0 - (1.0 / 6) / (4.0 / 6));
}

TEST(Bipolarity, UnipolarAndUnalignedWorldsScoreZero) {
  const std::vector<double> w = {1.0, 2.0};
  EXPECT_DOUBLE_EQ(bipolarity(w, std::vector<double>{1.0, 0.5}).index, 0.0);
  const Bipolarity none = bipolarity(w, std::vector<double>{0.0, 0.0});
  EXPECT_DOUBLE_EQ(none.index, 0.0);
  EXPECT_DOUBLE_EQ(none.balance, 0.0);
}

TEST(Regime, DecisiveLeadsAndTheAsymmetricSplit) {
  const RegimeThresholds th{3.0, 0.05, 2.0};
  EXPECT_EQ(classify_regime({10, 90, 80, 0.7, 0.2, 0.1, 0.05}, th), Regime::kUsLed);
  EXPECT_EQ(classify_regime({0.1, 80, 90, 0.2, 0.7, 0.05, 0.1}, th), Regime::kChinaLed);
  // US ahead in compute and quality, not decisively (gap 2%), China ahead in open weights.
  EXPECT_EQ(classify_regime({10, 90, 88.2, 0.6, 0.35, 0.1, 0.25}, th), Regime::kAsymmetricBipolar);
  // US ahead everywhere but not decisively.
  EXPECT_EQ(classify_regime({2, 90, 89, 0.6, 0.35, 0.2, 0.1}, th), Regime::kSymmetricBipolar);
}

// A lead within the margin is noise, not a bloc's: the regime is contested. A margin of 0 gives
// the unbanded labels; a decisive lead is decisive whatever the margin.
TEST(Regime, LeadsWithinTheMarginAreContested) {
  const RegimeThresholds banded{3.0, 0.05, 2.0, 0.02};
  // Quality gap 0.2% (one release's noise): contested, though asymmetric without the band.
  const RegimeInputs close_quality{10, 98.2, 98.0, 0.6, 0.35, 0.1, 0.25};
  EXPECT_EQ(classify_regime(close_quality, banded), Regime::kContested);
  EXPECT_EQ(classify_regime(close_quality, {3.0, 0.05, 2.0, 0.0}), Regime::kAsymmetricBipolar);
  // Open-weight adoption 0.25 against 0.249: within 2%, contested.
  EXPECT_EQ(classify_regime({10, 90, 85, 0.6, 0.35, 0.249, 0.25}, banded), Regime::kContested);
  // Both leads beyond the margin: the bipolar labels as before.
  EXPECT_EQ(classify_regime({10, 90, 87, 0.6, 0.35, 0.1, 0.25}, banded),
            Regime::kAsymmetricBipolar);
  EXPECT_EQ(classify_regime({10, 90, 80, 0.7, 0.2, 0.1, 0.05}, banded), Regime::kUsLed);
}

}  // namespace
}  // namespace blocsim
