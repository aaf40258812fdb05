#pragma once
// The one step from the scenario format to the policy timeline (policies/policy_timeline.hpp):
// events, triggers and response rules with every id resolved to an index of the world, and this
// replica's event durations drawn.

#include <string>
#include <vector>

#include "blocsim/core/calendar.hpp"
#include "blocsim/core/random_stream.hpp"
#include "blocsim/policies/policy_schedule.hpp"
#include "blocsim/policies/policy_timeline.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

// The names of the things that fire (triggered events, then retaliation rules, then the subsidy
// response of each chip-making nation), in the order of their counters and metrics.
std::vector<std::string> policy_counter_names(const v1::Scenario& scenario);

// Throws std::invalid_argument naming the event when it refers to an unknown id (validation
// reports these with file positions before a run starts). `index.metric` names the run's metrics
// (for triggers).
PolicyTimeline policy_timeline(const v1::Scenario& scenario, YearMonth start,
                               const EntityIndex& index, ReplicaKey key);

}  // namespace blocsim
