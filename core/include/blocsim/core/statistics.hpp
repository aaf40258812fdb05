#pragma once
// Summaries of a metric across replicas: exact quantiles, moments and fixed-bin histograms.
// Quantiles use linear interpolation between order statistics (Hyndman-Fan type 7), the default
// of NumPy's quantile and R's quantile: h = (n - 1) p, q = x[floor h] + (h - floor h)(x[ceil h] -
// x[floor h]) on the sorted values.

#include <array>
#include <cstdint>
#include <span>
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

// Throws std::invalid_argument when values is empty or holds a NaN.
// `values` is taken by value: it is sorted in place.
Summary summarize(std::vector<double> values);

// Type-7 quantile of already sorted values; p in [0, 1].
double quantile_sorted(std::span<const double> sorted, double p);

// Equal-width bins over [lo, hi]; the last bin is closed on the right. Values outside are clamped
// into the first or last bin, so every value is counted once and counts sum to the number added.
class Histogram {
 public:
  Histogram(double lo, double hi, std::size_t bins);

  void add(double value);  // throws std::invalid_argument on NaN
  // Adds another histogram's counts; throws std::invalid_argument unless lo, hi and bins match.
  void merge(const Histogram& other);

  double lo() const { return lo_; }
  double hi() const { return hi_; }
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  std::size_t bin_of(double value) const;

 private:
  double lo_;
  double hi_;
  std::vector<std::uint64_t> counts_;
};

// The range a histogram of these values should span: [lo, hi] if lo < hi was declared, otherwise
// the values' own [min, max] (widened by 0.5 on each side when min == max).
std::pair<double, double> histogram_range(std::span<const double> values, double declared_lo,
                                          double declared_hi);

}  // namespace blocsim
