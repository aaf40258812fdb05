#pragma once
// The uncertain parameters of a scenario: every field given as a distribution, under the path its
// draws are keyed by (core/distribution.hpp). Results export each one's draw in every replica.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "blocsim/core/distribution.hpp"
#include "blocsim/core/random_stream.hpp"
#include "blocsim/scenarios/distribution_from_schema.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

// A distribution-valued field of the entities of one list (chips, leakage channels, events). Its
// entry below is the one place that says how the model draws it (world_builder.cpp,
// policy_timeline.cpp) and how results export its draws (uncertain_parameters), so the two cannot
// disagree on its path or on the value an unset field stands for.
template <class Entity>
struct DistributionField {
  std::string_view list;  // e.g. "chips"
  std::string_view name;  // e.g. "capacity_factor"
  const v1::Distribution& (Entity::*value)() const;
  bool (Entity::*given)() const;
  double fallback;  // the model's value when the field is unset

  std::string path(const Entity& e) const { return parameter_path(list, e.id(), name); }
  double draw(const Entity& e, ReplicaKey key) const {
    return draw_parameter(to_distribution((e.*value)()), path(e), key, fallback);
  }
};

inline constexpr DistributionField<v1::Chip> kChipCapacityFactor{
    "chips", "capacity_factor", &v1::Chip::capacity_factor, &v1::Chip::has_capacity_factor, 1.0};
inline constexpr DistributionField<v1::LeakageChannel> kLeakageRate{
    "market.leakage", "rate", &v1::LeakageChannel::rate, &v1::LeakageChannel::has_rate, 0.0};
inline constexpr DistributionField<v1::LeakageChannel> kLeakageInterdiction{
    "market.leakage", "interdiction", &v1::LeakageChannel::interdiction,
    &v1::LeakageChannel::has_interdiction, 0.0};
// Drawn only when the event has no end date (an end date wins; validation refuses both).
inline constexpr DistributionField<v1::Event> kEventDuration{
    "events", "duration_months", &v1::Event::duration_months, &v1::Event::has_duration_months, 0.0};

struct UncertainParameter {
  std::string path;  // e.g. "market.leakage[hubs].rate"
  v1::Distribution distribution;
  double fallback = 0.0;  // the value the model uses when the draw is unset
};

// The distribution fields first, then the scenario's `uncertain` entries in their order.
std::vector<UncertainParameter> uncertain_parameters(const v1::Scenario& scenario);

// One replica's copy of the scenario with each `uncertain` entry drawn (keyed by its path) and
// set as `--set` would; null, at no cost, when the scenario has none. The scenario must have
// passed validation.
std::unique_ptr<v1::Scenario> draw_uncertain_fields(const v1::Scenario& scenario, ReplicaKey key);

}  // namespace blocsim
