#pragma once
// Draws of uncertain scenario parameters. Each parameter draws from its own stream, keyed by a
// hash of its path in the scenario (e.g. "chips[ascend910c].capacity_factor"), so two scenarios
// that share a parameter draw the same value for it in the same replica, whatever else differs.

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "blocsim/core/random_stream.hpp"

namespace blocsim {

// The distributions a parameter may draw from: the schema's Distribution (scenario.proto) as
// plain values, so that the model below scenarios/ does not read the input format. scenarios/
// converts (to_distribution in scenarios/distribution_from_schema.hpp).
namespace dist {
struct NotSet {};  // no distribution given: draws return the caller's fallback
struct Fixed {
  double value = 0.0;
};
struct Uniform {
  double lo = 0.0;
  double hi = 0.0;
};
// Truncated to [lo, hi] by resampling; an absent bound is infinite.
struct Normal {
  double mean = 0.0;
  double sd = 0.0;
  double lo = -INFINITY;
  double hi = INFINITY;
};
// exp(N(ln median, sigma^2)).
struct Lognormal {
  double median = 0.0;
  double sigma = 0.0;
};
struct Triangular {
  double lo = 0.0;
  double mode = 0.0;
  double hi = 0.0;
};
// One of the values, with the given weights (normalised); as many weights as values.
struct Choice {
  std::vector<double> values;
  std::vector<double> weights;
};
// Beta(alpha, beta) scaled to [lo, hi].
struct Beta {
  double alpha = 0.0;
  double beta = 0.0;
  double lo = 0.0;
  double hi = 1.0;
};
}  // namespace dist

using Distribution = std::variant<dist::NotSet, dist::Fixed, dist::Uniform, dist::Normal,
                                  dist::Lognormal, dist::Triangular, dist::Choice, dist::Beta>;

// FNV-1a, 32 bits: a stable id for a parameter path.
constexpr std::uint32_t parameter_id(std::string_view path) {
  std::uint32_t h = 2166136261u;
  for (const char ch : path) {
    h ^= static_cast<std::uint8_t>(ch);
    h *= 16777619u;
  }
  return h;
}

// The path of a parameter of a listed entity, e.g. parameter_path("chips", "h200",
// "capacity_factor") == "chips[h200].capacity_factor". Every draw of the model is keyed by such a
// path, and results export the draws under it.
inline std::string parameter_path(std::string_view list, std::string_view id,
                                  std::string_view field) {
  std::string path(list);
  path += '[';
  path += id;
  path += "].";
  path += field;
  return path;
}

// One draw; `fallback` when no distribution is set.
double draw(const Distribution& distribution, RandomStream& stream, double fallback);

// The draw of the parameter at `path` for this replica.
double draw_parameter(const Distribution& distribution, std::string_view path, ReplicaKey key,
                      double fallback);

// The distribution's mean where it has a closed form (fixed, uniform, triangular, choice,
// lognormal, untruncated normal); used in docs and checks.
double distribution_mean(const Distribution& distribution, double fallback);

}  // namespace blocsim
