#include "blocsim/scenarios/distribution_from_schema.hpp"

namespace blocsim {

Distribution to_distribution(const v1::Distribution& d) {
  switch (d.kind_case()) {
    case v1::Distribution::KIND_NOT_SET:
      return dist::NotSet{};
    case v1::Distribution::kFixed:
      return dist::Fixed{d.fixed()};
    case v1::Distribution::kUniform:
      return dist::Uniform{d.uniform().lo(), d.uniform().hi()};
    case v1::Distribution::kNormal: {
      const auto& n = d.normal();
      return dist::Normal{n.mean(), n.sd(), n.has_lo() ? n.lo() : -INFINITY,
                          n.has_hi() ? n.hi() : INFINITY};
    }
    case v1::Distribution::kLognormal:
      return dist::Lognormal{d.lognormal().median(), d.lognormal().sigma()};
    case v1::Distribution::kTriangular:
      return dist::Triangular{d.triangular().lo(), d.triangular().mode(), d.triangular().hi()};
    case v1::Distribution::kChoice: {
      // No weights means equal weights (docs/SCENARIOS.md, "Uncertain parameters").
      std::vector<double> weights(d.choice().weights().begin(), d.choice().weights().end());
      if (weights.empty()) weights.assign(static_cast<std::size_t>(d.choice().values_size()), 1.0);
      return dist::Choice{{d.choice().values().begin(), d.choice().values().end()},
                          std::move(weights)};
    }
    case v1::Distribution::kBeta: {
      // The schema's lo = hi = 0 means the unit interval.
      const auto& b = d.beta();
      const bool unit = b.lo() == 0.0 && b.hi() == 0.0;
      return dist::Beta{b.alpha(), b.beta(), unit ? 0.0 : b.lo(), unit ? 1.0 : b.hi()};
    }
  }
  return dist::NotSet{};
}

}  // namespace blocsim
