#pragma once
// Provenance: how a result was made. The only part of a result that may differ between two runs
// of the same scenario and seed.

#include <cstdint>
#include <string>

#include "blocsim/v1/results.pb.h"

namespace blocsim::cli {

std::string utc_now();  // ISO 8601, e.g. 2026-11-24T04:05:10Z

void fill_provenance(v1::Provenance& provenance, double wall_time_s, std::uint32_t threads,
                     std::uint32_t processes, const std::string& started_at,
                     const std::string& command_line);

}  // namespace blocsim::cli
