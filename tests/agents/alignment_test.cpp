#include "blocsim/agents/alignment.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace blocsim {
namespace {

Nations nations_with_lean(const std::vector<double>& lean) {
  Nations n;
  for (std::size_t i = 0; i < lean.size(); ++i) n.id.push_back("N" + std::to_string(i));
  n.lean0 = lean;
  n.lean = lean;
  return n;
}

TEST(Alignment, DependenceIsUsShareMinusChinaShare) {
  Labs labs;
  labs.id = {"us", "cn", "other"};
  labs.origin = {Origin::kUs, Origin::kChina, Origin::kOther};
  labs.open = {0, 0, 0};
  // share[n * labs + lab]
  const std::vector<double> share = {0.6, 0.3, 0.1, 0.1, 0.7, 0.2};
  std::vector<double> d;
  dependence(AlignmentParams{}, labs, 2, share, d);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_NEAR(d[0], 0.3, 1e-15);
  EXPECT_NEAR(d[1], -0.6, 1e-15);
}

TEST(Alignment, OpenWeightsCountAsDependenceOnlyAsFarAsTheScenarioSays) {
  Labs labs;
  labs.id = {"us_closed", "cn_open"};
  labs.origin = {Origin::kUs, Origin::kChina};
  labs.open = {0, 1};
  const std::vector<double> share = {0.4, 0.6};
  std::vector<double> d;
  AlignmentParams params;
  dependence(params, labs, 1, share, d);  // the default: open weights are no dependence
  EXPECT_NEAR(d[0], 0.4, 1e-15);
  params.open_weight_dependence = 0.5;
  dependence(params, labs, 1, share, d);
  EXPECT_NEAR(d[0], 0.4 - 0.5 * 0.6, 1e-15);
  params.open_weight_dependence = 1.0;
  dependence(params, labs, 1, share, d);
  EXPECT_NEAR(d[0], 0.4 - 0.6, 1e-15);
}

TEST(Alignment, LeanClosesTheStatedShareOfTheGapTowardTheTarget) {
  const AlignmentParams params{0.1, 0.5};
  Nations nations = nations_with_lean({0.2, -0.4});
  // Nation 0 moves 0.4 toward US models: target 0.2 + 0.5 x 0.4 = 0.4.
  // Nation 1 moves 0.2 toward Chinese models: target -0.4 - 0.5 x 0.2 = -0.5.
  const std::vector<double> d0 = {0.0, 0.0};
  const std::vector<double> now = {0.4, -0.2};
  update_alignment(params, d0, now, nations);
  EXPECT_NEAR(nations.lean[0], 0.2 + 0.1 * (0.4 - 0.2), 1e-15);
  EXPECT_NEAR(nations.lean[1], -0.4 + 0.1 * (-0.5 + 0.4), 1e-15);
  for (int month = 0; month < 400; ++month) update_alignment(params, d0, now, nations);
  // The gap shrinks by 0.9 a month: after 401 months it is below 1e-18.
  EXPECT_NEAR(nations.lean[0], 0.4, 1e-12);
  EXPECT_NEAR(nations.lean[1], -0.5, 1e-12);
}

TEST(Alignment, NoShiftInDependenceMeansNoMove) {
  const AlignmentParams params{0.3, 2.0};
  Nations nations = nations_with_lean({0.7, -0.2, 0.0});
  const std::vector<double> d = {0.5, -0.1, 0.0};
  update_alignment(params, d, d, nations);
  EXPECT_EQ(nations.lean, nations.lean0);
}

TEST(Alignment, LeanStaysWithinBounds) {
  // A pull of 10 on a shift of 2 asks for a lean of +-20: the target is clamped to [-1, 1], and a
  // rate of 1 jumps straight to it.
  for (const double rate : {0.05, 0.5, 1.0}) {
    const AlignmentParams params{rate, 10.0};
    Nations nations = nations_with_lean({0.9, -0.9, 0.0});
    const std::vector<double> d0 = {-1.0, 1.0, 1.0};
    const std::vector<double> now = {1.0, -1.0, -1.0};
    for (int month = 0; month < 200; ++month) {
      update_alignment(params, d0, now, nations);
      for (const double lean : nations.lean) {
        EXPECT_GE(lean, -1.0) << "rate " << rate;
        EXPECT_LE(lean, 1.0) << "rate " << rate;
      }
    }
    EXPECT_NEAR(nations.lean[0], 1.0, 1e-4);
    EXPECT_NEAR(nations.lean[1], -1.0, 1e-4);
    EXPECT_NEAR(nations.lean[2], -1.0, 1e-4);
  }
}

}  // namespace
}  // namespace blocsim
