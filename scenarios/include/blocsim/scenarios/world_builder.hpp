#pragma once
// Builds one replica's world from a scenario: draws the replica's uncertain parameters, lays out
// the developer agents by nation, generates their ties, and sets every agent's starting state.

#include <vector>

#include "blocsim/agents/adoption.hpp"
#include "blocsim/agents/alignment.hpp"
#include "blocsim/agents/bloc_metrics.hpp"
#include "blocsim/agents/chip_market.hpp"
#include "blocsim/agents/compute_stock.hpp"
#include "blocsim/agents/lab_dynamics.hpp"
#include "blocsim/agents/lab_pricing.hpp"
#include "blocsim/agents/world.hpp"
#include "blocsim/agents/world_graph.hpp"
#include "blocsim/core/calendar.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

struct ReplicaWorld {
  YearMonth start;
  std::size_t months = 0;
  Chips chips;
  Nations nations;
  Labs labs;
  Developers developers;
  Geography geography;
  WorldGraph graph;
  MarketParams market;
  ComputeParams compute;
  LabParams lab_params;
  ServingParams serving;
  AdoptionParams adoption;
  AlignmentParams alignment;
  RegimeThresholds regimes;
};

// The months of the run as YYYY-MM.
std::vector<std::string> run_dates(const v1::Scenario& scenario);

// Agents per nation: proportional to developers, at least min_agents_per_nation each, summing to
// developers.agents (largest remainders).
std::vector<std::uint32_t> agents_per_nation(const v1::Scenario& scenario);

// The scenario must have passed validation.
// The model's adoption rule for the schema's; unset means logit.
AdoptionRule adoption_rule(const v1::AdoptionSettings& adoption);

ReplicaWorld build_world(const v1::Scenario& scenario, ReplicaKey key);

}  // namespace blocsim
