#include "blocsim/scenarios/parameters.hpp"

#include <stdexcept>

#include "blocsim/scenarios/scenario_overrides.hpp"

namespace blocsim {

namespace {

template <class Entity>
void add_given(std::vector<UncertainParameter>& out, const DistributionField<Entity>& field,
               const Entity& e) {
  if ((e.*field.given)()) out.push_back({field.path(e), (e.*field.value)(), field.fallback});
}

}  // namespace

std::vector<UncertainParameter> uncertain_parameters(const v1::Scenario& s) {
  std::vector<UncertainParameter> out;
  for (const auto& chip : s.chips()) add_given(out, kChipCapacityFactor, chip);
  for (const auto& channel : s.market().leakage()) {
    add_given(out, kLeakageRate, channel);
    add_given(out, kLeakageInterdiction, channel);
  }
  for (const auto& event : s.events()) {
    if (event.end().empty()) add_given(out, kEventDuration, event);
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
