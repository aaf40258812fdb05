#pragma once
// The metrics every run exports, each registered once: its name, unit, description and how it
// is read from the month's state. The entries live beside what they measure
// (scenarios/src/*_metrics.hpp); metrics_catalog.cpp fixes their order. Names are a contract with
// plotting tools (docs/OUTPUT.md, whose metric table is generated from this registry);
// definitions are in docs/MODEL.md, "Metrics".

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "blocsim/agents/chip_market.hpp"
#include "blocsim/core/run_summary.hpp"
#include "blocsim/policies/policy_schedule.hpp"
#include "blocsim/scenarios/world_builder.hpp"
#include "blocsim/v1/scenario.pb.h"

namespace blocsim {

// What the metrics read at the end of a month: the world after the step, the month's market, the
// adoption shares and the schedule's counters. Built once per month per replica.
struct MonthState {
  std::size_t month = 0;
  const ReplicaWorld& world;
  const MarketLedger& ledger;
  std::span<const double> share;        // [nation * labs + lab], of each nation's developers
  std::span<const double> world_share;  // per lab, of all the world's developers
  const PolicySchedule& schedule;
};

// Per lab: the share of all the world's developers (adopted or not) on the lab's model, each
// nation weighted by the real developers its agents stand for.
void world_share_by_lab(const Nations& nations, std::size_t labs, std::span<const double> share,
                        std::vector<double>& world_share);

// One metric, or a family of them with one per nation, lab or counter (in the scenario's order).
enum class MetricOver : std::uint8_t { kWorld, kNation, kLab, kCounter };

struct MetricEntry {
  std::string_view name;         // a family's has "{id}" where the nation's/lab's/counter's id goes
  std::string_view unit;         // docs/OUTPUT.md lists the units
  std::string_view description;  // a family's has "{name}" where the entity's name goes
  // Fixed range of the end-of-run histogram (MetricDef); equal: the values' own range.
  double hist_lo = 0.0;
  double hist_hi = 0.0;
  MetricOver over = MetricOver::kWorld;
  bool headline = false;  // in `blocsim run`'s table (in this order)
  // The value this month; `entity` is the nation, lab or counter of a family, else 0.
  double (*read)(const MonthState& month, std::size_t entity) = nullptr;
};

// Every entry, in the order of the results file's metrics.
std::span<const MetricEntry* const> metric_registry();

// How many of each entity a run has: the sizes of the families.
struct MetricCounts {
  std::size_t nations = 0;
  std::size_t labs = 0;
  std::size_t counters = 0;  // things that fire: triggered events and responses
};

// One exported metric of a run: its entry and which entity of the family.
struct MetricReader {
  double (*read)(const MonthState& month, std::size_t entity);
  std::size_t entity;
};

// The run's metrics in order, as the step reads them.
std::vector<MetricReader> metric_readers(const MetricCounts& counts);

// Writes month.month's value of every metric: values[metric * months + month].
void record_month(std::span<const MetricReader> readers, const MonthState& month,
                  std::vector<double>& values, std::size_t months);

// The run's metric definitions (names with the scenario's ids), in the same order.
std::vector<MetricDef> metric_catalog(const v1::Scenario& scenario);

// Position of the metric `name` in `catalog`; throws std::out_of_range when there is none.
std::size_t metric_index(const std::vector<MetricDef>& catalog, std::string_view name);

// The headline metrics' names, in order (the `blocsim run` table).
std::vector<std::string> headline_metric_names();

// The registry as the Markdown table of docs/OUTPUT.md.
std::string metric_table_markdown();

}  // namespace blocsim
