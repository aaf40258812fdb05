#pragma once
// Each policy instrument's scenario message in one place: its checks (ranges, known ids, by field
// path) and its conversion to the plain instrument of policies/policy_timeline.hpp, side by side
// in scenarios/src/instruments/<instrument>.cpp. visit_effect is the one switch over an event's
// effect; validation (validation/event_checks.cpp) and the timeline's conversion
// (policy_timeline.cpp) both go through it, so a new instrument adds a case here and nothing
// else in scenarios/ (docs/ARCHITECTURE.md, "A policy instrument").

#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "../validation/checks.hpp"
#include "blocsim/policies/policy_timeline.hpp"
#include "blocsim/scenarios/policy_timeline.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim::instruments {

// Resolves the scenario's ids for one event, naming the event when one is unknown (validation
// has reported unknown ids with their place; this is the converter's own guard).
class Resolver {
 public:
  Resolver(const v1::Scenario& scenario, const EntityIndex& index, const std::string& event)
      : scenario_(scenario), index_(index), event_(event) {}

  std::size_t nation(const std::string& id) const { return find(index_.nation, id, "nation"); }
  std::size_t lab(const std::string& id) const { return find(index_.lab, id, "lab"); }
  std::size_t chip(const std::string& id) const { return find(index_.chip, id, "chip"); }
  std::size_t channel(const std::string& id) const {
    return find(index_.channel, id, "leakage channel");
  }
  std::vector<std::size_t> labs(const google::protobuf::RepeatedPtrField<std::string>& ids) const;
  // The chips named and every chip of `maker`, once each, in the world's order.
  std::vector<std::size_t> chips(const google::protobuf::RepeatedPtrField<std::string>& named,
                                 const std::string& maker) const;
  // The nations named and the members of the groups named, once each, in the world's order.
  std::vector<std::size_t> nations(
      const google::protobuf::RepeatedPtrField<std::string>& named,
      const google::protobuf::RepeatedPtrField<std::string>& groups) const;

 private:
  std::size_t find(const std::unordered_map<std::string, std::size_t>& map, const std::string& id,
                   const char* kind) const;
  [[noreturn]] void fail(const char* kind, const std::string& id) const;

  const v1::Scenario& scenario_;
  const EntityIndex& index_;
  const std::string& event_;
};

// "us" and "china" name the blocs; anything else names none.
std::optional<Origin> bloc_named(const std::string& name);

// What an instrument's checks see: the checker, the instrument's message and path, and the ids
// the scenario defines.
struct Check {
  validation::Checker& check;
  validation::Node at;
  const validation::ScenarioIds& ids;

  void known_nation(const char* field, const std::string& id, int index = -1);
  void known_chip(const char* field, const std::string& id, int index = -1);
  void known_lab(const char* field, const std::string& id, int index = -1);
  // `chips` named and/or a `maker` of some chip: at least one, each known.
  void chips_or_maker(const google::protobuf::RepeatedPtrField<std::string>& chips,
                      const std::string& maker);
};

// Every instrument: its message in the schema and its field of Event's `effect`. One line each;
// the declarations below and the switch of visit_effect are made from it.
#define BLOCSIM_INSTRUMENTS(X)     \
  X(ExportRule, export_rule)       \
  X(CustomsRule, customs_rule)     \
  X(LeakageChange, leakage_change) \
  X(PriceChange, price_change)     \
  X(UsageBan, usage_ban)           \
  X(ModelRelease, model_release)   \
  X(Subsidy, subsidy)              \
  X(CapacityShock, capacity_shock) \
  X(EnergyBuildout, energy_buildout)

// In scenarios/src/instruments/<field>.cpp: the instrument's checks, and its plain form.
#define BLOCSIM_DECLARE(Message, field)                            \
  void check_instrument(const v1::Message& message, Check& check); \
  Instrument to_instrument(const v1::Message& message, const Resolver& resolve);
BLOCSIM_INSTRUMENTS(BLOCSIM_DECLARE)
#undef BLOCSIM_DECLARE

// Calls f(message, field name) with the event's effect; false when it has none.
template <class F>
bool visit_effect(const v1::Event& e, F&& f) {
#define BLOCSIM_CASE(Message, field)              \
  if (e.effect_case() == v1::Event::k##Message) { \
    f(e.field(), #field);                         \
    return true;                                  \
  }
  BLOCSIM_INSTRUMENTS(BLOCSIM_CASE)
#undef BLOCSIM_CASE
  return false;
}

}  // namespace blocsim::instruments
