#pragma once
// Draws of uncertain scenario parameters. Each parameter draws from its own stream, keyed by a
// hash of its path in the scenario (e.g. "chips[ascend910c].capacity_factor"), so two scenarios
// that share a parameter draw the same value for it in the same replica, whatever else differs.

#include <cstdint>
#include <string>
#include <string_view>

#include "blocsim/core/random_stream.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

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
double draw(const v1::Distribution& distribution, RandomStream& stream, double fallback);

// The draw of the parameter at `path` for this replica.
double draw_parameter(const v1::Distribution& distribution, std::string_view path, ReplicaKey key,
                      double fallback);

// The distribution's mean where it has a closed form (fixed, uniform, triangular, choice,
// lognormal, untruncated normal); used in docs and checks.
double distribution_mean(const v1::Distribution& distribution, double fallback);

}  // namespace blocsim
