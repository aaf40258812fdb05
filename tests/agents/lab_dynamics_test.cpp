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
  labs.efficiency0 = {1.0, 1.0};
  labs.efficiency = {1.0, 1.0};
  labs.quality = {80.0, 60.0};
  labs.base_price = {10.0, 1.0};
  labs.price = {10.0, 1.0};
  labs.release_rate = {0.0, 0.0};  // no releases unless a test asks
  return labs;
}

TEST(LabDynamics, QualityIsIncreasingBoundedAndFiftyAtTheHalfCompute) {
  const LabParams p = lab_params();
  EXPECT_EQ(quality_of(0.0, p), 0.0);
  EXPECT_NEAR(quality_of(p.quality_half_compute, p), 50.0, 1e-12);
  double previous = 0.0;
  for (double x = 1e-3; x < 1e15; x *= 1.7) {
    const double q = quality_of(x, p);
    EXPECT_GT(q, 0.0) << x;
    EXPECT_LT(q, 100.0) << x;
    EXPECT_GT(q, previous) << x;
    previous = q;
  }
  // Q = 100 x^b / (1 + x^b) with x = compute / half: at x = 16, b = 0.25, x^b = 2 and Q = 200 / 3.
  LabParams quarter = p;
  quarter.quality_elasticity = 0.25;
  EXPECT_NEAR(quality_of(16.0 * p.quality_half_compute, quarter), 200.0 / 3.0, 1e-12);
}

TEST(LabDynamics, EfficiencyGrowsByProgressPlusCatchUp) {
  const LabParams p = lab_params();
  Labs labs = two_labs(true, false);
  step_labs(0, ReplicaKey::make(1, 0), p, {1e6}, {1.0, 1.0}, labs);
  // Leader: no gap, ln(2.5) / 12 a month. Follower: gaps to the frontier and to the best open
  // model are both ln(80 / 60).
  const double gap = std::log(80.0 / 60.0);
  EXPECT_NEAR(labs.efficiency[0], std::exp(std::log(2.5) / 12.0), 1e-14);
  EXPECT_NEAR(labs.efficiency[1],
              std::exp((std::log(2.5) + p.catch_up * (gap + p.open_spillover * gap)) / 12.0),
              1e-14);
}

TEST(LabDynamics, OpenWeightLeaderSpeedsCatchUp) {
  LabParams with_spillover = lab_params();
  LabParams without_spillover = lab_params();
  without_spillover.open_spillover = 0.0;
  Labs spill = two_labs(true, false);
  Labs no_spill = two_labs(true, false);
  Labs closed_leader = two_labs(false, false);
  for (std::size_t t = 0; t < 12; ++t) {
    step_labs(t, ReplicaKey::make(1, 0), with_spillover, {1e6}, {1.0, 1.0}, spill);
    step_labs(t, ReplicaKey::make(1, 0), without_spillover, {1e6}, {1.0, 1.0}, no_spill);
    step_labs(t, ReplicaKey::make(1, 0), with_spillover, {1e6}, {1.0, 1.0}, closed_leader);
  }
  EXPECT_GT(spill.efficiency[1], no_spill.efficiency[1]);
  EXPECT_GT(spill.efficiency[1], closed_leader.efficiency[1]);
  // Without open weights the spillover parameter has nothing to act on.
  EXPECT_DOUBLE_EQ(closed_leader.efficiency[1], no_spill.efficiency[1]);
  // The leader's own growth is the field's progress alone.
  EXPECT_DOUBLE_EQ(spill.efficiency[0], no_spill.efficiency[0]);
}

TEST(LabDynamics, ReleasesNeverLowerQuality) {
  const LabParams p = lab_params();
  Labs labs = two_labs(true, false);
  labs.release_rate = {1.0, 1.0};
  // The leader trains on 0.5 x 1e9 H100e (a better model than its 80); the follower on 0.5 x 1
  // (worse than its 60, so it keeps 60).
  step_labs(0, ReplicaKey::make(1, 0), p, {1e9}, {1.0, 1.0}, labs);
  EXPECT_NEAR(labs.quality[0], quality_of(0.5e9 * labs.efficiency[0], p), 1e-12);
  EXPECT_GT(labs.quality[0], 80.0);
  Labs small = two_labs(true, false);
  small.release_rate = {1.0, 1.0};
  step_labs(0, ReplicaKey::make(1, 0), p, {1.0}, {1.0, 1.0}, small);
  EXPECT_EQ(small.quality[0], 80.0);
  EXPECT_EQ(small.quality[1], 60.0);
}

TEST(LabDynamics, WithoutReleasesQualityStays) {
  Labs labs = two_labs(true, false);
  for (std::size_t t = 0; t < 24; ++t) {
    step_labs(t, ReplicaKey::make(1, 0), lab_params(), {1e12}, {1.0, 1.0}, labs);
  }
  EXPECT_EQ(labs.quality[0], 80.0);
  EXPECT_EQ(labs.quality[1], 60.0);
}

TEST(LabDynamics, PricesFollowProgressAndPriceFactors) {
  const LabParams p = lab_params();
  Labs labs = two_labs(true, false);
  step_labs(11, ReplicaKey::make(1, 0), p, {1e6}, {1.0, 0.25}, labs);
  // After month 11 (a year in): price = base x exp(-pass_through x ln(progress)) x factor.
  const double year = std::exp(-0.5 * std::log(2.5));
  EXPECT_NEAR(labs.price[0], 10.0 * year, 1e-12);
  EXPECT_NEAR(labs.price[1], 1.0 * year * 0.25, 1e-12);
}

}  // namespace
}  // namespace blocsim
