#include "blocsim/scenarios/parameters.hpp"

#include <stdexcept>

#include "blocsim/core/distribution.hpp"
#include "blocsim/scenarios/distribution_from_schema.hpp"
#include "blocsim/scenarios/scenario_overrides.hpp"

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
  // The scenario's own list of uncertain fields, under their paths as written.
  for (const auto& field : s.uncertain()) out.push_back({field.path(), field.value(), 0.0});
  return out;
}

std::unique_ptr<v1::Scenario> draw_uncertain_fields(const v1::Scenario& s, ReplicaKey key) {
  if (s.uncertain().empty()) return nullptr;
  auto drawn = std::make_unique<v1::Scenario>(s);
  for (const auto& entry : s.uncertain()) {
    NumericField target;
    const std::string error = find_numeric_field(*drawn, entry.path(), target);
    if (!error.empty()) throw std::runtime_error("uncertain '" + entry.path() + "': " + error);
    set_numeric_field(target,
                      draw_parameter(to_distribution(entry.value()), entry.path(), key, 0.0));
  }
  return drawn;
}

}  // namespace blocsim
