#pragma once
// Wall time spent in each phase of the monthly step, for `blocsim bench` (docs/PERFORMANCE.md).
// Simulation::step() charges each phase to a PhaseTimes when it is given one; given none it reads
// no clock, so ordinary runs pay nothing for the hook.

#include <array>
#include <chrono>
#include <cstddef>
#include <string_view>

namespace blocsim {

// The phases of the monthly step, in the order step() runs them (simulation.hpp).
enum class Phase : std::size_t {
  kPolicies,
  kMarket,
  kCompute,
  kLabs,
  kAdoption,
  kAlignment,
  kMetrics,
};
inline constexpr std::size_t kPhases = 7;
inline constexpr std::array<std::string_view, kPhases> kPhaseNames = {
    "policies", "market", "compute", "labs", "adoption", "alignment", "metrics"};

struct PhaseTimes {
  std::array<std::chrono::steady_clock::duration, kPhases> elapsed{};

  PhaseTimes& operator+=(const PhaseTimes& other) {
    for (std::size_t p = 0; p < kPhases; ++p) elapsed[p] += other.elapsed[p];
    return *this;
  }
  double seconds(Phase phase) const {
    return std::chrono::duration<double>(elapsed[static_cast<std::size_t>(phase)]).count();
  }
};

// Charges the time since the previous lap (or since construction) to a phase. Does nothing, and
// reads no clock, when `times` is null.
class PhaseClock {
 public:
  explicit PhaseClock(PhaseTimes* times) : times_(times) {
    if (times_ != nullptr) last_ = std::chrono::steady_clock::now();
  }
  void lap(Phase phase) {
    if (times_ == nullptr) return;
    const auto now = std::chrono::steady_clock::now();
    times_->elapsed[static_cast<std::size_t>(phase)] += now - last_;
    last_ = now;
  }

 private:
  PhaseTimes* times_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace blocsim
