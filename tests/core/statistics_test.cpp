#include "blocsim/core/statistics.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

namespace blocsim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

void expect_quantiles(const Summary& s, const std::array<double, 5>& expected) {
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_DOUBLE_EQ(s.quantiles[i], expected[i]) << "p = " << kSummaryProbabilities[i];
  }
}

TEST(Summarize, QuantilesOfOneToFour) {
  // Sorted x = {1, 2, 3, 4}, n = 4, h = (n - 1) p = 3p, q = x[floor h] + (h - floor h) * 1:
  //   p = 0.05: h = 0.15 -> 1 + 0.15 = 1.15
  //   p = 0.25: h = 0.75 -> 1 + 0.75 = 1.75
  //   p = 0.50: h = 1.50 -> 2 + 0.50 = 2.5
  //   p = 0.75: h = 2.25 -> 3 + 0.25 = 3.25
  //   p = 0.95: h = 2.85 -> 3 + 0.85 = 3.85
  // mean = 10 / 4 = 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, sd = sqrt(5 / 3).
  const Summary s = summarize({1.0, 2.0, 3.0, 4.0});
  expect_quantiles(s, {1.15, 1.75, 2.5, 3.25, 3.85});
  EXPECT_DOUBLE_EQ(s.mean, 2.5);
  EXPECT_DOUBLE_EQ(s.sd, std::sqrt(5.0 / 3.0));
  EXPECT_EQ(s.min, 1.0);
  EXPECT_EQ(s.max, 4.0);
}

TEST(Summarize, DoesNotDependOnInputOrder) {
  const Summary a = summarize({1.0, 2.0, 3.0, 4.0});
  const Summary b = summarize({4.0, 1.0, 3.0, 2.0});
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.sd, b.sd);
  EXPECT_EQ(a.min, b.min);
  EXPECT_EQ(a.max, b.max);
  EXPECT_EQ(a.quantiles, b.quantiles);
}

TEST(Summarize, TiesAtTheBottom) {
  // x = {2, 2, 2, 5}, h = 3p:
  //   p = 0.05: h = 0.15, between x0 = 2 and x1 = 2     -> 2
  //   p = 0.25: h = 0.75, between x0 = 2 and x1 = 2     -> 2
  //   p = 0.50: h = 1.50, between x1 = 2 and x2 = 2     -> 2
  //   p = 0.75: h = 2.25, between x2 = 2 and x3 = 5     -> 2 + 0.25 * 3 = 2.75
  //   p = 0.95: h = 2.85                                -> 2 + 0.85 * 3 = 4.55
  // mean = 11 / 4 = 2.75; squared deviations 3 * 0.5625 + 5.0625 = 6.75, sd = sqrt(6.75 / 3) = 1.5.
  const Summary s = summarize({5.0, 2.0, 2.0, 2.0});
  expect_quantiles(s, {2.0, 2.0, 2.0, 2.75, 4.55});
  EXPECT_DOUBLE_EQ(s.mean, 2.75);
  EXPECT_DOUBLE_EQ(s.sd, 1.5);
  EXPECT_EQ(s.min, 2.0);
  EXPECT_EQ(s.max, 5.0);
}

TEST(Summarize, TiesInsideAndUnsortedInput) {
  // {3, 1, 4, 1, 5, 9, 2, 6} sorted is {1, 1, 2, 3, 4, 5, 6, 9}, n = 8, h = 7p:
  //   p = 0.05: h = 0.35, x0 = x1 = 1          -> 1
  //   p = 0.25: h = 1.75, x1 = 1, x2 = 2       -> 1 + 0.75 * 1 = 1.75
  //   p = 0.50: h = 3.50, x3 = 3, x4 = 4       -> 3.5
  //   p = 0.75: h = 5.25, x5 = 5, x6 = 6       -> 5.25
  //   p = 0.95: h = 6.65, x6 = 6, x7 = 9       -> 6 + 0.65 * 3 = 7.95
  // (the values NumPy's np.quantile and R's quantile give). mean = 31 / 8 = 3.875.
  const Summary s = summarize({3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0});
  expect_quantiles(s, {1.0, 1.75, 3.5, 5.25, 7.95});
  EXPECT_DOUBLE_EQ(s.mean, 3.875);
  EXPECT_EQ(s.min, 1.0);
  EXPECT_EQ(s.max, 9.0);
}

TEST(Summarize, AllValuesEqual) {
  const Summary s = summarize({-3.5, -3.5, -3.5});
  expect_quantiles(s, {-3.5, -3.5, -3.5, -3.5, -3.5});
  EXPECT_EQ(s.mean, -3.5);
  EXPECT_EQ(s.sd, 0.0);
}

TEST(Summarize, TwoValues) {
  // x = {0, 10}, h = p: q = 10p -> 0.5, 2.5, 5, 7.5, 9.5. mean 5, sd = sqrt((25 + 25) / 1).
  const Summary s = summarize({10.0, 0.0});
  expect_quantiles(s, {0.5, 2.5, 5.0, 7.5, 9.5});
  EXPECT_DOUBLE_EQ(s.mean, 5.0);
  EXPECT_DOUBLE_EQ(s.sd, std::sqrt(50.0));
}

TEST(Summarize, OneReplica) {
  const Summary s = summarize({7.25});
  expect_quantiles(s, {7.25, 7.25, 7.25, 7.25, 7.25});
  EXPECT_EQ(s.mean, 7.25);
  EXPECT_EQ(s.sd, 0.0);  // sample sd is undefined for one value; reported as 0
  EXPECT_EQ(s.min, 7.25);
  EXPECT_EQ(s.max, 7.25);
}

TEST(Summarize, LargeOffsetDoesNotCancelTheSd) {
  // {1e9 + 1, 1e9 + 2, 1e9 + 3}: deviations -1, 0, 1, sd = sqrt(2 / 2) = 1 exactly. A one-pass
  // sum of squares (sum x^2 - n mean^2 ~ 3e18) would lose these digits entirely.
  const Summary s = summarize({1e9 + 1.0, 1e9 + 2.0, 1e9 + 3.0});
  EXPECT_EQ(s.mean, 1e9 + 2.0);
  EXPECT_EQ(s.sd, 1.0);
}

TEST(Summarize, RejectsEmpty) {
  EXPECT_THROW(summarize({}), std::invalid_argument);
}

TEST(Summarize, RejectsNaNAnywhere) {
  EXPECT_THROW(summarize({kNaN}), std::invalid_argument);
  EXPECT_THROW(summarize({kNaN, 1.0, 2.0}), std::invalid_argument);
  EXPECT_THROW(summarize({1.0, kNaN, 2.0}), std::invalid_argument);
  EXPECT_THROW(summarize({1.0, 2.0, kNaN}), std::invalid_argument);
  EXPECT_THROW(summarize({1.0, 2.0, -kNaN}), std::invalid_argument);
}

TEST(QuantileSorted, EndpointsAndInterior) {
  const std::vector<double> x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  // n = 10, h = 9p: p = 0 -> x0 = 1, p = 1 -> x9 = 10, p = 0.1 -> h = 0.9 -> 1.9,
  // p = 1/3 -> h = 3 -> x3 = 4, p = 0.99 -> h = 8.91 -> 9.91.
  EXPECT_EQ(quantile_sorted(x, 0.0), 1.0);
  EXPECT_EQ(quantile_sorted(x, 1.0), 10.0);
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.1), 1.9);
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 1.0 / 3.0), 4.0);
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.99), 9.91);
}

TEST(QuantileSorted, IsMonotoneInP) {
  const std::vector<double> x = {-2.0, -1.0, 0.0, 0.5, 0.5, 3.0, 100.0};
  double previous = quantile_sorted(x, 0.0);
  for (int k = 1; k <= 1000; ++k) {
    const double q = quantile_sorted(x, k / 1000.0);
    EXPECT_GE(q, previous) << "p = " << k / 1000.0;
    previous = q;
  }
  EXPECT_EQ(previous, 100.0);
}

TEST(QuantileSorted, InfinitiesDoNotMakeNaN) {
  const std::vector<double> x = {-kInf, 0.0, 1.0, kInf};
  // h = 3p: p = 0.1 -> between -inf and 0 -> -inf; p = 0.5 -> 0.5; p = 0.9 -> between 1 and inf.
  EXPECT_EQ(quantile_sorted(x, 0.1), -kInf);
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.5), 0.5);
  EXPECT_EQ(quantile_sorted(x, 0.9), kInf);
}

TEST(QuantileSorted, RejectsBadInput) {
  const std::vector<double> x = {1.0, 2.0};
  EXPECT_THROW(quantile_sorted({}, 0.5), std::invalid_argument);
  EXPECT_THROW(quantile_sorted(x, -0.01), std::invalid_argument);
  EXPECT_THROW(quantile_sorted(x, 1.01), std::invalid_argument);
  EXPECT_THROW(quantile_sorted(x, kNaN), std::invalid_argument);
}

TEST(Histogram, BinEdges) {
  // [0, 4] in 4 bins of width 1: [0,1) [1,2) [2,3) [3,4].
  const Histogram h(0.0, 4.0, 4);
  EXPECT_EQ(h.bin_of(0.0), 0u);
  EXPECT_EQ(h.bin_of(0.999), 0u);
  EXPECT_EQ(h.bin_of(1.0), 1u);  // an interior edge opens the next bin
  EXPECT_EQ(h.bin_of(2.0), 2u);
  EXPECT_EQ(h.bin_of(2.5), 2u);
  EXPECT_EQ(h.bin_of(3.0), 3u);
  EXPECT_EQ(h.bin_of(std::nextafter(4.0, 0.0)), 3u);
  EXPECT_EQ(h.bin_of(4.0), 3u);  // value == hi goes to the last bin
}

TEST(Histogram, BinEdgesAroundZero) {
  // [-1, 1] in 4 bins of width 0.5: [-1,-0.5) [-0.5,0) [0,0.5) [0.5,1].
  const Histogram h(-1.0, 1.0, 4);
  EXPECT_EQ(h.bin_of(-1.0), 0u);
  EXPECT_EQ(h.bin_of(-0.5), 1u);
  EXPECT_EQ(h.bin_of(-0.25), 1u);
  EXPECT_EQ(h.bin_of(0.0), 2u);
  EXPECT_EQ(h.bin_of(0.5), 3u);
  EXPECT_EQ(h.bin_of(1.0), 3u);
}

TEST(Histogram, ClampsOutsideValues) {
  Histogram h(0.0, 4.0, 4);
  for (const double v : {-1.0, -1e300, -kInf}) {
    EXPECT_EQ(h.bin_of(v), 0u) << v;
    h.add(v);
  }
  for (const double v : {4.000001, 1e300, kInf}) {
    EXPECT_EQ(h.bin_of(v), 3u) << v;
    h.add(v);
  }
  EXPECT_EQ(h.counts(), (std::vector<std::uint64_t>{3, 0, 0, 3}));
}

TEST(Histogram, CountsSumToTheNumberAdded) {
  Histogram h(0.0, 1.0, 7);
  for (int i = -100; i <= 1100; ++i) h.add(i / 1000.0);
  std::uint64_t total = 0;
  for (const std::uint64_t c : h.counts()) total += c;
  EXPECT_EQ(total, 1201u);
  EXPECT_EQ(h.counts().size(), 7u);
  EXPECT_EQ(h.lo(), 0.0);
  EXPECT_EQ(h.hi(), 1.0);
}

TEST(Histogram, OneBinTakesEverything) {
  Histogram h(0.0, 1.0, 1);
  for (const double v : {-5.0, 0.0, 0.5, 1.0, 5.0}) h.add(v);
  EXPECT_EQ(h.counts(), (std::vector<std::uint64_t>{5}));
}

TEST(Histogram, RejectsNaNAndCountsNothing) {
  Histogram h(0.0, 1.0, 2);
  h.add(0.25);
  EXPECT_THROW(h.add(kNaN), std::invalid_argument);
  EXPECT_THROW(static_cast<void>(h.bin_of(kNaN)), std::invalid_argument);
  EXPECT_EQ(h.counts(), (std::vector<std::uint64_t>{1, 0}));
}

TEST(Histogram, RejectsBadBins) {
  EXPECT_THROW(Histogram(0.0, 1.0, 0), std::invalid_argument);
  EXPECT_THROW(Histogram(1.0, 1.0, 3), std::invalid_argument);
  EXPECT_THROW(Histogram(2.0, 1.0, 3), std::invalid_argument);
  EXPECT_THROW(Histogram(kNaN, 1.0, 3), std::invalid_argument);
  EXPECT_THROW(Histogram(0.0, kInf, 3), std::invalid_argument);
  EXPECT_THROW(Histogram(-kInf, 0.0, 3), std::invalid_argument);
}

TEST(Histogram, MergeAddsCountsExactly) {
  Histogram a(0.0, 3.0, 3);
  Histogram b(0.0, 3.0, 3);
  for (const double v : {0.5, 1.5, 1.5}) a.add(v);       // a = {1, 2, 0}
  for (const double v : {2.5, 2.5, 0.1, 3.0}) b.add(v);  // b = {1, 0, 3}
  a.merge(b);
  EXPECT_EQ(a.counts(), (std::vector<std::uint64_t>{2, 2, 3}));
  EXPECT_EQ(b.counts(), (std::vector<std::uint64_t>{1, 0, 3}));  // the source is untouched

  // Merging in either order gives the same counts (integers: exact and order-free).
  Histogram c(0.0, 3.0, 3);
  c.merge(b);
  for (const double v : {0.5, 1.5, 1.5}) c.add(v);
  EXPECT_EQ(c.counts(), a.counts());
}

TEST(Histogram, MergeRejectsMismatchedBinsAndLeavesCountsAlone) {
  Histogram a(0.0, 1.0, 4);
  a.add(0.1);
  const std::vector<std::uint64_t> before = a.counts();
  Histogram other_bins(0.0, 1.0, 5);
  Histogram other_lo(-1.0, 1.0, 4);
  Histogram other_hi(0.0, 2.0, 4);
  other_bins.add(0.1);
  other_lo.add(0.1);
  other_hi.add(0.1);
  EXPECT_THROW(a.merge(other_bins), std::invalid_argument);
  EXPECT_THROW(a.merge(other_lo), std::invalid_argument);
  EXPECT_THROW(a.merge(other_hi), std::invalid_argument);
  EXPECT_EQ(a.counts(), before);
}

TEST(HistogramRange, DeclaredRangeWins) {
  const std::vector<double> x = {-10.0, 50.0};
  EXPECT_EQ(histogram_range(x, 0.0, 1.0), std::make_pair(0.0, 1.0));
  EXPECT_EQ(histogram_range({}, -2.0, 3.0), std::make_pair(-2.0, 3.0));  // no values needed
}

TEST(HistogramRange, UndeclaredUsesMinAndMax) {
  const std::vector<double> x = {3.0, -1.5, 2.0, 7.0};
  EXPECT_EQ(histogram_range(x, 0.0, 0.0), std::make_pair(-1.5, 7.0));
  // lo >= hi also counts as undeclared.
  EXPECT_EQ(histogram_range(x, 5.0, 1.0), std::make_pair(-1.5, 7.0));
  EXPECT_EQ(histogram_range(x, kNaN, kNaN), std::make_pair(-1.5, 7.0));
}

TEST(HistogramRange, AllEqualIsWidened) {
  const std::vector<double> x = {2.0, 2.0, 2.0};
  EXPECT_EQ(histogram_range(x, 0.0, 0.0), std::make_pair(1.5, 2.5));
  const std::vector<double> one = {-4.0};
  EXPECT_EQ(histogram_range(one, 0.0, 0.0), std::make_pair(-4.5, -3.5));
  // So large that +-0.5 is lost to rounding: the neighbouring doubles, still a usable range.
  const std::vector<double> huge = {1e20};
  const auto [lo, hi] = histogram_range(huge, 0.0, 0.0);
  EXPECT_LT(lo, 1e20);
  EXPECT_GT(hi, 1e20);
  Histogram h(lo, hi, 3);
  h.add(1e20);
  EXPECT_EQ(h.counts()[0] + h.counts()[1] + h.counts()[2], 1u);
}

TEST(HistogramRange, RejectsUnusableValues) {
  EXPECT_THROW(histogram_range({}, 0.0, 0.0), std::invalid_argument);
  const std::vector<double> with_nan = {1.0, kNaN};
  const std::vector<double> with_inf = {1.0, kInf};
  EXPECT_THROW(histogram_range(with_nan, 0.0, 0.0), std::invalid_argument);
  EXPECT_THROW(histogram_range(with_inf, 0.0, 0.0), std::invalid_argument);
}

TEST(HistogramRange, FeedsAHistogramThatCountsEveryValue) {
  const std::vector<double> x = {0.25, 1.0, 0.0, 0.5, 1.0};
  const auto [lo, hi] = histogram_range(x, 0.0, 0.0);
  Histogram h(lo, hi, 4);
  for (const double v : x) h.add(v);
  // [0, 1] in bins of width 0.25: 0 -> 0, 0.25 -> 1, 0.5 -> 2, 1 == hi -> 3 (twice).
  EXPECT_EQ(h.counts(), (std::vector<std::uint64_t>{1, 1, 1, 2}));
}

}  // namespace
}  // namespace blocsim
