#pragma once
// Metrics of the policy schedule (policies/policy_schedule.hpp): how often each triggered event
// and response has taken effect.

#include "blocsim/scenarios/metrics_catalog.hpp"

namespace blocsim::policy_metrics {

inline constexpr MetricEntry kFired{
    .name = "policy.fired.{id}",
    .unit = "count",
    .description = "Times {name} has fired in a replica so far (its mean is the expected count)",
    .over = MetricOver::kCounter,
    .read = [](const MonthState& s, std::size_t k) {
      return static_cast<double>(s.schedule.fired_by(k, s.month));
    }};

}  // namespace blocsim::policy_metrics
