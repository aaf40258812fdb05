#pragma once
// How much memory a run will take, estimated before any work, so that a run too large for the
// machine is refused at once with the figures instead of failing with std::bad_alloc hours in
// (docs/SCENARIOS.md, "Limits"). `blocsim run`, `compare` and `bench` use the same estimate.

#include <cstdint>
#include <string>

#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

// The most developer agents a scenario (and `blocsim bench --developers`) may have: about 60
// bytes each with their ties, so 3 GB a world before the series (docs/SCENARIOS.md, "Limits").
inline constexpr std::uint32_t kMostDevelopers = 50'000'000;

struct MemoryEstimate {
  std::uint64_t per_world = 0;  // one replica's world: developers, their ties, the market
  std::uint64_t worlds = 0;     // one world per worker thread
  std::uint64_t series = 0;     // every replica's monthly series, kept until the summary
  std::uint64_t total() const { return worlds + series; }
};

// A developer's arrays (model, next model, nation, sector, the rules' state) and, per tie, both
// directions in the compressed graph and the edge list it is built from.
inline constexpr std::uint64_t kBytesPerDeveloper = 48;
inline constexpr std::uint64_t kBytesPerTie = 24;

MemoryEstimate estimate_memory(const v1::Scenario& scenario, std::uint32_t replicas,
                               std::uint32_t threads, bool per_replica);

// The memory the machine can give a new process now (MemAvailable of /proc/meminfo), or 0 when
// it cannot be read.
std::uint64_t available_memory();

// "" when `estimate` fits in `available` (or available is unknown), else the refusal: the
// estimate's parts, what is available, and how to go on.
std::string memory_refusal(const MemoryEstimate& estimate, std::uint64_t available);

}  // namespace blocsim
