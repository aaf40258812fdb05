#include "blocsim/core/distribution.hpp"

#include <cmath>
#include <stdexcept>

namespace blocsim {

namespace {

double triangular(const v1::Triangular& t, double u) {
  const double span = t.hi() - t.lo();
  if (span <= 0.0) return t.lo();
  const double f = (t.mode() - t.lo()) / span;
  return u < f ? t.lo() + std::sqrt(u * span * (t.mode() - t.lo()))
               : t.hi() - std::sqrt((1.0 - u) * span * (t.hi() - t.mode()));
}

double choice(const v1::Choice& c, double u) {
  double total = 0.0;
  for (const double w : c.weights()) total += w;
  double target = u * total;
  for (int i = 0; i < c.values_size(); ++i) {
    target -= c.weights(i);
    if (target < 0.0) return c.values(i);
  }
  return c.values(c.values_size() - 1);
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

double beta(const v1::Beta& b, RandomStream& stream) {
  const double x = gamma(b.alpha(), stream);
  const double y = gamma(b.beta(), stream);
  const bool unit = b.lo() == 0.0 && b.hi() == 0.0;
  const double lo = unit ? 0.0 : b.lo();
  const double hi = unit ? 1.0 : b.hi();
  return lo + (hi - lo) * x / (x + y);
}

}  // namespace

double draw(const v1::Distribution& d, RandomStream& stream, double fallback) {
  switch (d.kind_case()) {
    case v1::Distribution::KIND_NOT_SET:
      return fallback;
    case v1::Distribution::kFixed:
      return d.fixed();
    case v1::Distribution::kUniform:
      return stream.uniform(d.uniform().lo(), d.uniform().hi());
    case v1::Distribution::kNormal: {
      const auto& n = d.normal();
      const double lo = n.has_lo() ? n.lo() : -INFINITY;
      const double hi = n.has_hi() ? n.hi() : INFINITY;
      // Truncation by resampling; validation guarantees the interval holds real mass.
      for (int attempt = 0; attempt < 10000; ++attempt) {
        const double x = stream.normal(n.mean(), n.sd());
        if (x >= lo && x <= hi) return x;
      }
      throw std::runtime_error("normal distribution truncated to an interval with no mass");
    }
    case v1::Distribution::kLognormal:
      return d.lognormal().median() * std::exp(d.lognormal().sigma() * stream.normal());
    case v1::Distribution::kTriangular:
      return triangular(d.triangular(), stream.uniform());
    case v1::Distribution::kChoice:
      return choice(d.choice(), stream.uniform());
    case v1::Distribution::kBeta:
      return beta(d.beta(), stream);
  }
  return fallback;
}

double draw_parameter(const v1::Distribution& distribution, std::string_view path, ReplicaKey key,
                      double fallback) {
  RandomStream stream(key, Purpose::kParameters, 0, parameter_id(path));
  return draw(distribution, stream, fallback);
}

double distribution_mean(const v1::Distribution& d, double fallback) {
  switch (d.kind_case()) {
    case v1::Distribution::KIND_NOT_SET:
      return fallback;
    case v1::Distribution::kFixed:
      return d.fixed();
    case v1::Distribution::kUniform:
      return (d.uniform().lo() + d.uniform().hi()) / 2.0;
    case v1::Distribution::kNormal:
      return d.normal().mean();
    case v1::Distribution::kLognormal:
      return d.lognormal().median() * std::exp(d.lognormal().sigma() * d.lognormal().sigma() / 2);
    case v1::Distribution::kTriangular:
      return (d.triangular().lo() + d.triangular().mode() + d.triangular().hi()) / 3.0;
    case v1::Distribution::kChoice: {
      double total = 0.0;
      double sum = 0.0;
      for (int i = 0; i < d.choice().values_size(); ++i) {
        total += d.choice().weights(i);
        sum += d.choice().weights(i) * d.choice().values(i);
      }
      return total > 0.0 ? sum / total : fallback;
    }
    case v1::Distribution::kBeta: {
      const auto& b = d.beta();
      const bool unit = b.lo() == 0.0 && b.hi() == 0.0;
      const double lo = unit ? 0.0 : b.lo();
      const double hi = unit ? 1.0 : b.hi();
      return lo + (hi - lo) * b.alpha() / (b.alpha() + b.beta());
    }
  }
  return fallback;
}

}  // namespace blocsim
