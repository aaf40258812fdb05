#pragma once
// The policy timeline of one replica as plain configuration: every event with its dates, trigger
// and effect (one instrument), and the agents' response rules. Entities are dense indices into
// the world's arrays (agents/world.hpp); the scenario's ids survive only where the model needs
// them as names (counters, random-stream keys). scenarios/ builds it from a validated scenario
// (scenarios/src/policy_timeline.cpp); what each instrument does to a month's rules is in
// policies/src/instruments/ (semantics: docs/POLICIES.md).

#include <climits>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "blocsim/agents/world.hpp"

namespace blocsim {

enum class ExportAction : std::uint8_t { kAllow, kLicence, kBan };

// An issuer's terms for its chips to some destinations.
struct ExportRule {
  std::size_t issuer = 0;
  std::vector<std::size_t> chips;  // empty: every chip of the issuer
  double min_perf_train = 0.0;
  std::vector<std::size_t> destinations;   // named nations and members of named groups
  std::optional<Origin> destination_bloc;  // nations leaning to this bloc, judged each month
  ExportAction action = ExportAction::kAllow;
  double tariff = 0.0;
  double vetted_share = 0.0;  // 0 means 1
  double cap_per_quarter = 0.0;

  // Whether nation n (with its lean this month) is a destination.
  bool targets(std::size_t n, double lean) const;
};

struct CustomsRule {
  std::size_t importer = 0;
  std::vector<std::size_t> chips;  // named, or made by the named maker
  bool block = false;
};

struct LeakageChange {
  std::size_t channel = 0;
  double factor = 1.0;
};

struct PriceChange {
  std::size_t lab = 0;
  double factor = 1.0;
};

struct UsageBan {
  std::size_t nation = 0;
  std::optional<Origin> origin;   // models of this origin are barred ...
  std::vector<std::size_t> labs;  // ... and of these labs
  bool closed_only = false;
  double phase_in_months = 0.0;
  bool public_sector_only = false;
};

struct ModelRelease {
  std::size_t lab = 0;
  double quality = 0.0;
  int open = -1;              // 1 open, 0 closed, -1 unchanged
  double price_factor = 0.0;  // 0: unchanged
};

struct Subsidy {
  std::size_t nation = 0;
  double capacity_growth = 0.0;  // per year, compounding from the event's start
};

struct CapacityShock {
  std::vector<std::size_t> chips;  // named, or made by the named maker
  double factor = 1.0;
};

struct EnergyBuildout {
  std::size_t nation = 0;
  double growth_change = 0.0;  // per year
};

using Instrument = std::variant<ExportRule, CustomsRule, LeakageChange, PriceChange, UsageBan,
                                ModelRelease, Subsidy, CapacityShock, EnergyBuildout>;

struct Trigger {
  std::size_t metric = 0;  // index of the watched metric in the run's metrics
  bool above = true;       // fires when metric > threshold (else metric < threshold)
  double threshold = 0.0;
  bool repeat = false;
  int delay_months = 0;
  std::size_t counter = 0;  // index into PolicyTimeline::counters
};

struct PolicyEvent {
  std::string id;
  int begin = 0;           // months since the run's start; a triggered event is armed from here
  int end = INT_MAX;       // exclusive, months since the run's start
  int duration = INT_MAX;  // months in force per window (drawn for this replica), or no limit
  std::optional<Trigger> trigger;
  Instrument effect;
};

enum class RetaliationMeasure : std::uint8_t { kCustomsBlock, kUsageBan };

struct RetaliationRule {
  std::string key;  // "NATION.AGAINST": names its counter and keys its random draws
  std::size_t nation = 0;
  std::size_t against = 0;
  double probability = 0.0;
  int lag_months = 0;
  RetaliationMeasure measure = RetaliationMeasure::kCustomsBlock;
  double phase_in_months = 0.0;
  std::size_t counter = 0;
};

struct SubsidyRule {
  double blocked_share = 0.0;
  int lag_months = 0;
  double capacity_growth = 0.0;
  std::vector<std::size_t> nations;   // the chip-making nations that may respond
  std::vector<std::size_t> counters;  // one per nation
};

struct PolicyTimeline {
  std::vector<PolicyEvent> events;  // in the scenario's order
  std::vector<RetaliationRule> retaliation;
  std::optional<SubsidyRule> subsidy;
  bool import_substitution = false;
  std::size_t channels = 0;           // leakage channels of the market
  std::vector<std::string> counters;  // things that fire, in the metrics' order
};

}  // namespace blocsim
