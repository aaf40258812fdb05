#include "blocsim/scenarios/parameters.hpp"

#include "blocsim/core/distribution.hpp"

namespace blocsim {

std::vector<UncertainParameter> uncertain_parameters(const v1::Scenario& s) {
  std::vector<UncertainParameter> out;
  // Fallbacks match the model's own: a capacity factor defaults to 1, rates and shares to 0.
  for (const auto& chip : s.chips()) {
    if (chip.has_capacity_factor()) {
      out.push_back(
          {parameter_path("chips", chip.id(), "capacity_factor"), chip.capacity_factor(), 1.0});
    }
  }
  for (const auto& channel : s.market().leakage()) {
    if (channel.has_rate()) {
      out.push_back({parameter_path("market.leakage", channel.id(), "rate"), channel.rate(), 0.0});
    }
    if (channel.has_interdiction()) {
      out.push_back({parameter_path("market.leakage", channel.id(), "interdiction"),
                     channel.interdiction(), 0.0});
    }
  }
  for (const auto& event : s.events()) {
    if (event.has_duration_months() && event.end().empty()) {
      out.push_back(
          {parameter_path("events", event.id(), "duration_months"), event.duration_months(), 0.0});
    }
  }
  return out;
}

}  // namespace blocsim
