#include "blocsim/agents/lab_dynamics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <vector>

#include "support/small_world.hpp"

namespace blocsim {
namespace {

using test_support::lab_params;

// Two labs in one nation: a leader (quality 80) and a follower (quality 60).
Labs two_labs(bool leader_open, bool follower_open) {
  Labs labs;
  labs.id = {"leader", "follower"};
  labs.home = {0, 0};
  labs.origin = {Origin::kUs, Origin::kChina};
  labs.open = {static_cast<std::uint8_t>(leader_open), static_cast<std::uint8_t>(follower_open)};
  labs.compute_share = {0.5, 0.5};
  labs.efficiency = {1.0, 1.0};
  labs.quality = {80.0, 60.0};
  labs.cost = {1.0, 1.0};
  labs.price = {10.0, 1.0};
  labs.release_rate = {0.0, 0.0};  // no releases unless a test asks
  return labs;
}

TEST(LabDynamics, QualityRisesByItsSlopePerDecadeWithoutACeiling) {
  const LabParams p = lab_params();
  EXPECT_EQ(quality_of(0.0, p), 0.0);
  EXPECT_NEAR(quality_of(p.compute_for_quality_100, p), 100.0, 1e-12);
  // Each tenfold of effective compute adds the same points, above 100 as below.
  for (double x = 1e3; x < 1e15; x *= 10.0) {
    EXPECT_NEAR(quality_of(10.0 * x, p) - quality_of(x, p), p.quality_per_decade, 1e-9) << x;
  }
  EXPECT_GT(quality_of(1e6 * p.compute_for_quality_100, p), 150.0);
  // So little compute that the line would go below 0: no model worth the name, 0.
  EXPECT_EQ(quality_of(p.compute_for_quality_100 * 1e-20, p), 0.0);
}

TEST(LabDynamics, DistillationLiftsAFollowerAtMostItsMarginAndNeverPastTheLeader) {
  LabParams p = lab_params();
  p.distillation_margin = 3.0;
  p.open_weight_margin = 5.0;
  // Far behind: the margins bind, the larger from open weights.
  EXPECT_DOUBLE_EQ(release_quality(50.0, 90.0, 80.0, p), 55.0);
  EXPECT_DOUBLE_EQ(release_quality(50.0, 90.0, 40.0, p), 53.0);  // open model behind: API only
  // Close behind: it reaches the leader, not beyond.
  EXPECT_DOUBLE_EQ(release_quality(88.0, 90.0, 0.0, p), 90.0);
  // The leader itself gains nothing from those behind it.
  EXPECT_DOUBLE_EQ(release_quality(95.0, 90.0, 80.0, p), 95.0);
}

TEST(LabDynamics, LessComputeMeansAWorseModelEvenWithDistillation) {
  // The follower's own compute is cut tenfold: with the margin binding, its release falls by the
  // whole slope, so compute, not the margin, sets how far behind it is.
  const LabParams p = lab_params();
  const double own = quality_of(1e5, p);
  const double cut = quality_of(1e4, p);
  EXPECT_NEAR(release_quality(own, 120.0, 120.0, p) - release_quality(cut, 120.0, 120.0, p),
              p.quality_per_decade, 1e-9);
}

TEST(LabDynamics, EfficiencyGrowsByTheFieldsProgressForEveryLab) {
  const LabParams p = lab_params();
  Labs labs = two_labs(true, false);
  step_labs(0, ReplicaKey::make(1, 0), p, {1e6}, labs);
  const double month = std::pow(p.algorithmic_progress, 1.0 / 12.0);
  EXPECT_NEAR(labs.efficiency[0], month, 1e-14);
  EXPECT_NEAR(labs.efficiency[1], month, 1e-14);
  for (std::size_t t = 1; t < 12; ++t) step_labs(t, ReplicaKey::make(1, 0), p, {1e6}, labs);
  EXPECT_NEAR(labs.efficiency[0], p.algorithmic_progress, 1e-12);
}

TEST(LabDynamics, AReleaseComesFromTheLabsComputeAndLastMonthsLeaders) {
  const LabParams p = lab_params();
  Labs labs = two_labs(true, false);
  labs.release_rate = {1.0, 1.0};
  step_labs(0, ReplicaKey::make(1, 0), p, {1e9}, labs);
  const double own = quality_of(0.5e9 * labs.efficiency[0], p);
  EXPECT_NEAR(labs.quality[0], std::max(80.0, own), 1e-12);
  // The follower learns from the leader's 80 of last month (open weights), not from its release.
  EXPECT_NEAR(labs.quality[1], release_quality(own, 80.0, 80.0, p), 1e-12);
}

TEST(LabDynamics, ReleasesNeverLowerQuality) {
  const LabParams p = lab_params();
  Labs small = two_labs(true, false);
  small.release_rate = {1.0, 1.0};
  step_labs(0, ReplicaKey::make(1, 0), p, {1.0}, small);  // far too little compute for 80 or 60
  EXPECT_EQ(small.quality[0], 80.0);
  EXPECT_EQ(small.quality[1], 60.0);
}

TEST(LabDynamics, WithoutReleasesQualityStays) {
  Labs labs = two_labs(true, false);
  for (std::size_t t = 0; t < 24; ++t) {
    step_labs(t, ReplicaKey::make(1, 0), lab_params(), {1e12}, labs);
  }
  EXPECT_EQ(labs.quality[0], 80.0);
  EXPECT_EQ(labs.quality[1], 60.0);
}

TEST(LabDynamics, TheStartIsAFixedPointOfARelease) {
  // Starting qualities follow from starting compute, so a release in month 0 with last month's
  // compute changes nothing: no jump at the first release.
  const LabParams p = lab_params();
  Labs labs = two_labs(true, false);
  labs.efficiency = {1.0, 0.01};
  const std::vector<double> usable = {4e6};
  start_labs(p, usable, labs);
  EXPECT_NEAR(labs.quality[0], quality_of(2e6, p), 1e-12);
  EXPECT_NEAR(labs.quality[1], quality_of(2e4, p) + p.open_weight_margin, 1e-12);
  const double leader = labs.quality[0];
  const double follower = labs.quality[1];
  LabParams still = p;
  still.algorithmic_progress = 1.0;  // no growth: the month's release has the start's compute
  labs.release_rate = {1.0, 1.0};
  step_labs(0, ReplicaKey::make(1, 0), still, usable, labs);
  EXPECT_DOUBLE_EQ(labs.quality[0], leader);
  EXPECT_DOUBLE_EQ(labs.quality[1], follower);
}

}  // namespace
}  // namespace blocsim
