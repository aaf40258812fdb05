#include "blocsim/core/distribution.hpp"

#include <cmath>
#include <stdexcept>

namespace blocsim {

namespace {

double triangular(const dist::Triangular& t, double u) {
  const double span = t.hi - t.lo;
  if (span <= 0.0) return t.lo;
  const double f = (t.mode - t.lo) / span;
  return u < f ? t.lo + std::sqrt(u * span * (t.mode - t.lo))
               : t.hi - std::sqrt((1.0 - u) * span * (t.hi - t.mode));
}

double choice(const dist::Choice& c, double u) {
  double total = 0.0;
  for (const double w : c.weights) total += w;
  double target = u * total;
  for (std::size_t i = 0; i < c.values.size(); ++i) {
    target -= c.weights[i];
    if (target < 0.0) return c.values[i];
  }
  return c.values.back();
}

// Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 through the boost
// Gamma(a) = Gamma(a + 1) U^(1/a).
double gamma(double shape, RandomStream& stream) {
  if (shape < 1.0) return gamma(shape + 1.0, stream) * std::pow(stream.uniform(), 1.0 / shape);
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = stream.normal();
    const double v = std::pow(1.0 + c * x, 3);
    if (v <= 0.0) continue;
    const double u = stream.uniform();
    if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
  }
}

double beta(const dist::Beta& b, RandomStream& stream) {
  const double x = gamma(b.alpha, stream);
  const double y = gamma(b.beta, stream);
  return b.lo + (b.hi - b.lo) * x / (x + y);
}

// Overload set for std::visit.
template <class... F>
struct Cases : F... {
  using F::operator()...;
};
// Spelled out for clang before 17, which does not deduce an aggregate's arguments (P1816).
template <class... F>
Cases(F...) -> Cases<F...>;

}  // namespace

double draw(const Distribution& distribution, RandomStream& stream, double fallback) {
  return std::visit(
      Cases{
          [&](const dist::NotSet&) { return fallback; },
          [](const dist::Fixed& d) { return d.value; },
          [&](const dist::Uniform& d) { return stream.uniform(d.lo, d.hi); },
          [&](const dist::Normal& d) {
            // Truncation by resampling; validation guarantees the interval holds real mass.
            for (int attempt = 0; attempt < 10000; ++attempt) {
              const double x = stream.normal(d.mean, d.sd);
              if (x >= d.lo && x <= d.hi) return x;
            }
            throw std::runtime_error("normal distribution truncated to an interval with no mass");
          },
          [&](const dist::Lognormal& d) { return d.median * std::exp(d.sigma * stream.normal()); },
          [&](const dist::Triangular& d) { return triangular(d, stream.uniform()); },
          [&](const dist::Choice& d) { return choice(d, stream.uniform()); },
          [&](const dist::Beta& d) { return beta(d, stream); },
      },
      distribution);
}

double draw_parameter(const Distribution& distribution, std::string_view path, ReplicaKey key,
                      double fallback) {
  RandomStream stream(key, Purpose::kParameters, 0, parameter_id(path));
  return draw(distribution, stream, fallback);
}

double distribution_mean(const Distribution& distribution, double fallback) {
  return std::visit(
      Cases{
          [&](const dist::NotSet&) { return fallback; },
          [](const dist::Fixed& d) { return d.value; },
          [](const dist::Uniform& d) { return (d.lo + d.hi) / 2.0; },
          [](const dist::Normal& d) { return d.mean; },
          [](const dist::Lognormal& d) { return d.median * std::exp(d.sigma * d.sigma / 2); },
          [](const dist::Triangular& d) { return (d.lo + d.mode + d.hi) / 3.0; },
          [&](const dist::Choice& d) {
            double total = 0.0;
            double sum = 0.0;
            for (std::size_t i = 0; i < d.values.size(); ++i) {
              total += d.weights[i];
              sum += d.weights[i] * d.values[i];
            }
            return total > 0.0 ? sum / total : fallback;
          },
          [](const dist::Beta& d) { return d.lo + (d.hi - d.lo) * d.alpha / (d.alpha + d.beta); },
      },
      distribution);
}

}  // namespace blocsim
