#include "blocsim/scenarios/memory_estimate.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "blocsim/scenarios/replica_set.hpp"

namespace blocsim {

MemoryEstimate estimate_memory(const v1::Scenario& scenario, std::uint32_t replicas,
                               std::uint32_t threads, bool per_replica) {
  const auto& d = scenario.developers();
  const double ties_per_developer = d.ties_within() + d.ties_across();
  MemoryEstimate e;
  e.per_world = static_cast<std::uint64_t>(
      static_cast<double>(d.agents()) *
      (static_cast<double>(kBytesPerDeveloper) + ties_per_developer * kBytesPerTie));
  e.worlds = e.per_world * std::max<std::uint32_t>(1, std::min(threads, replicas));
  // Each replica's series as doubles; exported per replica, the results message holds them again.
  const double series = static_cast<double>(values_per_replica(scenario)) * sizeof(double) *
                        static_cast<double>(replicas) * (per_replica ? 2.0 : 1.0);
  e.series = static_cast<std::uint64_t>(series);
  return e;
}

std::uint64_t available_memory() {
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    std::istringstream fields(line);
    std::string key;
    std::uint64_t kb = 0;
    if (fields >> key >> kb && key == "MemAvailable:") return kb * 1024;
  }
  return 0;
}

namespace {

std::string gigabytes(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / 1e9);
  return text;
}

}  // namespace

std::string memory_refusal(const MemoryEstimate& e, std::uint64_t available) {
  if (available == 0 || e.total() <= available) return {};
  return "the run needs about " + gigabytes(e.total()) + " (" + gigabytes(e.worlds) +
         " for the worlds of the threads running at once, " + gigabytes(e.series) +
         " for the replicas' series) and " + gigabytes(available) +
         " is available; use fewer replicas, threads or developers, or --force to run anyway";
}

}  // namespace blocsim
