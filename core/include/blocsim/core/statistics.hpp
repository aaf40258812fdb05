#pragma once
// Summaries of a metric across replicas: exact quantiles, moments and fixed-bin histograms.
// Quantiles use linear interpolation between order statistics (Hyndman-Fan type 7), the default
// of NumPy's quantile and R's quantile: h = (n - 1) p, q = x[floor h] + (h - floor h)(x[ceil h] -
// x[floor h]) on the sorted values.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace blocsim {

// The probabilities every StepSummary reports, in this order.
inline constexpr std::array<double, 5> kSummaryProbabilities = {0.05, 0.25, 0.5, 0.75, 0.95};

struct Summary {
  double mean = 0.0;
  double sd = 0.0;  // sample standard deviation (n - 1); 0 for one value
  double min = 0.0;
  double max = 0.0;
  std::array<double, kSummaryProbabilities.size()> quantiles{};
};

// Throws std::invalid_argument when values is empty or holds a NaN (infinities are accepted and
// propagate into the mean and sd). `values` is taken by value: it is sorted in place, and the sums
// are taken in sorted order, so the summary depends only on the multiset of values, not on the
// order in which replicas delivered them. The sd is computed in two passes (around the mean), so a
// large common offset does not cancel its digits.
Summary summarize(std::vector<double> values);

// Type-7 quantile of already sorted (ascending, NaN-free) values; p in [0, 1]. p = 0 gives the
// minimum and p = 1 the maximum. Throws std::invalid_argument when sorted is empty or p is not in
// [0, 1] (NaN included).
double quantile_sorted(std::span<const double> sorted, double p);

// Equal-width bins over [lo, hi]: bin i of n covers [lo + i w, lo + (i + 1) w), w = (hi - lo) / n,
// and the last bin is closed on the right (a value equal to hi goes to it). Values outside are
// clamped into the first or last bin (infinities included), so every value is counted once and
// counts sum to the number added. Counts are integers, so merging is exact and order-free.
class Histogram {
 public:
  // Throws std::invalid_argument unless lo and hi are finite, lo < hi and bins > 0.
  Histogram(double lo, double hi, std::size_t bins);

  void add(double value);  // throws std::invalid_argument on NaN (and then counts nothing)
  // Adds another histogram's counts; throws std::invalid_argument unless lo, hi and bins match
  // exactly (and then leaves this histogram unchanged).
  void merge(const Histogram& other);

  double lo() const { return lo_; }
  double hi() const { return hi_; }
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  // The bin a value is counted in; throws std::invalid_argument on NaN.
  std::size_t bin_of(double value) const;

 private:
  double lo_;
  double hi_;
  std::vector<std::uint64_t> counts_;
};

// The range a histogram of these values should span: [lo, hi] if lo < hi was declared, otherwise
// the values' own [min, max] (widened by 0.5 on each side when min == max; if a value is so large
// that 0.5 is lost to rounding, widened to the neighbouring doubles instead). Without a declared
// range, throws std::invalid_argument when values is empty or holds a NaN or an infinity.
std::pair<double, double> histogram_range(std::span<const double> values, double declared_lo,
                                          double declared_hi);

}  // namespace blocsim
