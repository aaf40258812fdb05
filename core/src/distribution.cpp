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

}  // namespace

double draw(const v1::Distribution& d, RandomStream& stream, double fallback) {
  switch (d.kind_case()) {
    case v1::Distribution::KIND_NOT_SET: return fallback;
    case v1::Distribution::kFixed: return d.fixed();
    case v1::Distribution::kUniform: return stream.uniform(d.uniform().lo(), d.uniform().hi());
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
    case v1::Distribution::kTriangular: return triangular(d.triangular(), stream.uniform());
    case v1::Distribution::kChoice: return choice(d.choice(), stream.uniform());
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
    case v1::Distribution::KIND_NOT_SET: return fallback;
    case v1::Distribution::kFixed: return d.fixed();
    case v1::Distribution::kUniform: return (d.uniform().lo() + d.uniform().hi()) / 2.0;
    case v1::Distribution::kNormal: return d.normal().mean();
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
  }
  return fallback;
}

}  // namespace blocsim
