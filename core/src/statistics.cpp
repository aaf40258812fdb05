#include "blocsim/core/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace blocsim {

Summary summarize(std::vector<double> values) {
  if (values.empty()) throw std::invalid_argument("summarize: no values");
  for (const double v : values) {
    if (std::isnan(v)) throw std::invalid_argument("summarize: NaN among the values");
  }
  std::sort(values.begin(), values.end());

  const auto n = static_cast<double>(values.size());
  double sum = 0.0;
  for (const double v : values) sum += v;
  Summary s;
  s.mean = sum / n;
  if (values.size() > 1) {
    double squares = 0.0;
    for (const double v : values) squares += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(squares / (n - 1.0));
  }
  s.min = values.front();
  s.max = values.back();
  for (std::size_t i = 0; i < kSummaryProbabilities.size(); ++i) {
    s.quantiles[i] = quantile_sorted(values, kSummaryProbabilities[i]);
  }
  return s;
}

double quantile_sorted(std::span<const double> sorted, double p) {
  if (sorted.empty()) throw std::invalid_argument("quantile_sorted: no values");
  if (!(p >= 0.0 && p <= 1.0)) {
    throw std::invalid_argument("quantile_sorted: p must be in [0, 1], got " + std::to_string(p));
  }
  const std::size_t last = sorted.size() - 1;
  const double h = static_cast<double>(last) * p;
  const double below = std::floor(h);
  const auto i = std::min(static_cast<std::size_t>(below), last);
  const double fraction = h - below;
  const double x0 = sorted[i];
  if (fraction == 0.0 || i == last) return x0;
  const double x1 = sorted[i + 1];
  if (x0 == x1) return x0;  // ties, and equal infinities (whose difference would be NaN)
  // Interpolating towards an infinity gives that infinity (the limit), not inf - inf = NaN.
  if (std::isinf(x0)) return x0;
  if (std::isinf(x1)) return x1;
  return x0 + fraction * (x1 - x0);
}

Histogram::Histogram(double lo, double hi, std::size_t bins) : lo_(lo), hi_(hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) {
    throw std::invalid_argument("Histogram: need finite lo < hi, got [" + std::to_string(lo) +
                                ", " + std::to_string(hi) + "]");
  }
  if (bins == 0) throw std::invalid_argument("Histogram: need at least one bin");
  counts_.assign(bins, 0);
}

std::size_t Histogram::bin_of(double value) const {
  if (std::isnan(value)) throw std::invalid_argument("Histogram: NaN value");
  const std::size_t last = counts_.size() - 1;
  if (value <= lo_) return 0;
  if (value >= hi_) return last;
  // In (0, bins); rounding can carry a value just below hi up to bins, hence the clamp.
  const double position = (value - lo_) / (hi_ - lo_) * static_cast<double>(counts_.size());
  return std::min(static_cast<std::size_t>(position), last);
}

void Histogram::add(double value) {
  ++counts_[bin_of(value)];
}

void Histogram::merge(const Histogram& other) {
  if (other.lo_ != lo_ || other.hi_ != hi_ || other.counts_.size() != counts_.size()) {
    throw std::invalid_argument("Histogram::merge: bins differ");
  }
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
}

std::pair<double, double> histogram_range(std::span<const double> values, double declared_lo,
                                          double declared_hi) {
  if (declared_lo < declared_hi) return {declared_lo, declared_hi};
  if (values.empty()) {
    throw std::invalid_argument("histogram_range: no declared range and no values");
  }
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  for (const double v : values) {
    if (!std::isfinite(v)) {
      throw std::invalid_argument("histogram_range: a value is NaN or infinite");
    }
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (lo < hi) return {lo, hi};
  const double centre = lo;
  lo = centre - 0.5;
  hi = centre + 0.5;
  if (!(lo < centre)) lo = std::nextafter(centre, -std::numeric_limits<double>::infinity());
  if (!(centre < hi)) hi = std::nextafter(centre, std::numeric_limits<double>::infinity());
  return {lo, hi};
}

}  // namespace blocsim
