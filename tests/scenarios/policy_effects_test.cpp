// Policy levers and agent responses, each measured on a named metric of the baseline world, with
// the lever and without it, on the same seed (common random numbers make each a paired ablation).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "blocsim/core/calendar.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/scenarios/simulation.hpp"

namespace blocsim {
namespace {

v1::Scenario small_baseline() {
  v1::Scenario s = load_scenario("baseline").scenario;
  s.mutable_developers()->set_agents(3000);
  return s;
}

std::size_t metric_id(const v1::Scenario& s, const std::string& name) {
  const auto defs = metric_catalog(s);
  const auto it =
      std::find_if(defs.begin(), defs.end(), [&](const auto& d) { return d.name == name; });
  EXPECT_NE(it, defs.end()) << name;
  return static_cast<std::size_t>(it - defs.begin());
}

std::size_t month_of(const v1::Scenario& s, const char* date) {
  return static_cast<std::size_t>(YearMonth::parse(date)->index() -
                                  YearMonth::parse(s.run().start())->index());
}

std::size_t nation_index(const Simulation& sim, const char* id) {
  const auto& ids = sim.world().nations.id;
  return static_cast<std::size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
}

v1::Event& add_event(v1::Scenario& s, const char* id, const char* date) {
  v1::Event* e = s.add_events();
  e->set_id(id);
  e->set_label(id);
  if (date != nullptr) e->set_date(date);
  return *e;
}

TEST(Triggers, FireAtTheFirstMonthTheConditionHeldWithTheDelay) {
  for (const std::uint32_t delay : {0u, 3u}) {
    v1::Scenario s = small_baseline();
    // The world's compute stock grows every month; the trigger watches it cross 2.5x its start.
    v1::Event& e = add_event(s, "cut", nullptr);
    e.mutable_trigger()->set_metric("compute.stock.world");
    e.mutable_trigger()->set_when(v1::Trigger::ABOVE);
    e.mutable_trigger()->set_threshold(2.5 * 6.255e6);
    e.mutable_trigger()->set_delay_months(delay);
    e.mutable_price_change()->set_lab("openai");
    e.mutable_price_change()->set_factor(0.5);
    Simulation sim(s, 1, 0);
    sim.run_to_end();
    const std::size_t stock = metric_id(s, "compute.stock.world");
    const std::size_t fired = metric_id(s, "policy.fired.event.cut");
    std::size_t first = 0;
    while (sim.metric(stock, first) <= 2.5 * 6.255e6) ++first;
    // Checked at the start of month first + 1 on month first's value, then delayed.
    const std::size_t expected = first + 1 + delay;
    const auto& windows = sim.schedule().windows()[static_cast<std::size_t>(s.events_size() - 1)];
    ASSERT_EQ(windows.size(), 1u)
        << "a one-shot trigger fires once although its condition keeps holding";
    EXPECT_EQ(windows[0].first, static_cast<int>(expected));
    for (std::size_t t = 0; t < sim.months(); ++t) {
      EXPECT_EQ(sim.metric(fired, t), t >= expected ? 1.0 : 0.0) << "month " << t;
    }
  }
}

TEST(Triggers, ARepeatingTriggerFiresEachTimeItsConditionNewlyHolds) {
  v1::Scenario s = small_baseline();
  // regime.us_led switches off early in the baseline; "below 0.5" newly holds once per switch.
  v1::Event& e = add_event(s, "watch", nullptr);
  e.mutable_trigger()->set_metric("regime.us_led");
  e.mutable_trigger()->set_when(v1::Trigger::BELOW);
  e.mutable_trigger()->set_threshold(0.5);
  e.mutable_trigger()->set_repeat(true);
  e.mutable_duration_months()->set_fixed(1);
  e.mutable_price_change()->set_lab("xai");
  e.mutable_price_change()->set_factor(1.0);
  Simulation sim(s, 2, 0);
  sim.run_to_end();
  const std::size_t regime = metric_id(s, "regime.us_led");
  int switches = 0;
  for (std::size_t t = 0; t + 1 < sim.months(); ++t) {
    const bool holds = sim.metric(regime, t) < 0.5;
    const bool held = t > 0 && sim.metric(regime, t - 1) < 0.5;
    if (holds && !held && t > 0) ++switches;
    if (t == 0 && holds) ++switches;  // holds at the first check
  }
  EXPECT_EQ(static_cast<int>(sim.schedule().windows().back().size()), switches);
}

TEST(UsageBan, EmptiesTheBannedModelsInThatNationWithinThePhaseIn) {
  v1::Scenario base = small_baseline();
  v1::Scenario banned = base;
  v1::Event& e = add_event(banned, "ind-ban", "2026-01");
  e.mutable_usage_ban()->set_nation("IND");
  e.mutable_usage_ban()->set_origin("china");
  e.mutable_usage_ban()->set_phase_in_months(6);
  Simulation with(banned, 3, 0);
  Simulation without(base, 3, 0);
  with.run_to_end();
  without.run_to_end();
  const std::size_t india = metric_id(base, "adoption.nation.IND.origin.china");
  const std::size_t start = month_of(base, "2026-01");
  EXPECT_GT(with.metric(india, start - 1), 0.1);
  // Half way through the phase-in about half the users have had to leave.
  EXPECT_LT(with.metric(india, start + 2), 0.75 * without.metric(india, start + 2));
  EXPECT_GT(with.metric(india, start + 2), 0.0);
  for (std::size_t t = start + 5; t < with.months(); ++t) EXPECT_EQ(with.metric(india, t), 0.0);
  // Elsewhere only what the network carries: a small shift, bounded here by 3 points.
  const std::size_t brazil = metric_id(base, "adoption.nation.BRA.origin.china");
  const std::size_t later = month_of(base, "2026-12");
  EXPECT_LT(std::abs(with.metric(brazil, later) - without.metric(brazil, later)), 0.03);
}

TEST(Responses, RetaliationBlocksTheUsChipsStillAllowed) {
  v1::Scenario never = small_baseline();
  v1::Scenario always = never;
  never.mutable_responses()->mutable_retaliation(0)->set_probability(0.0);
  always.mutable_responses()->mutable_retaliation(0)->set_probability(1.0);
  Simulation a(never, 4, 0);
  Simulation b(always, 4, 0);
  a.run_to_end();
  b.run_to_end();
  const std::size_t licensed = metric_id(never, "chips.china.licensed");
  const std::size_t fired = metric_id(never, "policy.fired.retaliation.CHN.USA");
  const std::size_t lag = never.responses().retaliation(0).lag_months();
  // The baseline's US ban is in force from month 0, so the answer starts after the lag.
  EXPECT_GT(a.metric(licensed, lag + 1), 0.0);
  EXPECT_EQ(b.metric(licensed, lag + 1), 0.0);
  EXPECT_EQ(b.metric(fired, lag), 1.0);
  EXPECT_EQ(b.metric(fired, lag - 1), 0.0);
  EXPECT_EQ(a.metric(fired, a.months() - 1), 0.0);
}

TEST(Responses, TheSubsidyResponseRaisesDomesticCapacityAfterItsLag) {
  v1::Scenario on = small_baseline();
  v1::Scenario off = on;
  off.mutable_responses()->mutable_subsidy()->set_enabled(false);
  Simulation a(on, 5, 0);
  Simulation b(off, 5, 0);
  std::size_t ascend = 0;
  while (a.world().chips.id[ascend] != "ascend910c") ++ascend;
  const std::size_t fired = metric_id(on, "policy.fired.subsidy_response.CHN");
  const double growth = on.responses().subsidy().capacity_growth();
  int active_from = -1;
  for (std::size_t t = 0; t < 36; ++t) {
    a.step();
    b.step();
    if (active_from < 0 && a.metric(fired, t) == 1.0) active_from = static_cast<int>(t);
    // Before the response, identical production; after, compounding at the stated growth.
    const double expected =
        active_from < 0 ? 1.0
                        : std::pow(1.0 + growth, (static_cast<double>(t) - active_from) / 12.0);
    if (b.ledger().produced[ascend] > 0.0) {
      EXPECT_NEAR(a.ledger().produced[ascend] / b.ledger().produced[ascend], expected, 1e-9)
          << "month " << t;
    }
  }
  // China's chip budget is blocked well over the threshold from the first month (the US ban).
  EXPECT_EQ(active_from, static_cast<int>(on.responses().subsidy().lag_months()) + 1);
  a.run_to_end();
  b.run_to_end();
  const std::size_t domestic = metric_id(on, "chips.china.domestic");
  const std::size_t ratio = metric_id(on, "compute.ratio.us_over_china");
  const std::size_t end = a.months() - 1;
  EXPECT_GT(a.metric(domestic, end), b.metric(domestic, end));
  EXPECT_LT(a.metric(ratio, end), b.metric(ratio, end));
}

TEST(Responses, ImportSubstitutionShiftsBlockedBudgetToAccessibleChips) {
  v1::Scenario on = small_baseline();
  v1::Scenario off = on;
  on.mutable_responses()->mutable_subsidy()->set_enabled(false);
  off.mutable_responses()->mutable_subsidy()->set_enabled(false);
  off.mutable_responses()->set_import_substitution(false);
  Simulation a(on, 6, 0);
  Simulation b(off, 6, 0);
  a.step();
  b.step();
  const std::size_t china = nation_index(a, "CHN");
  EXPECT_GT(a.ledger().spent[china], b.ledger().spent[china]);
  EXPECT_GE(a.metric(metric_id(on, "chips.china.domestic"), 0),
            b.metric(metric_id(on, "chips.china.domestic"), 0));
}

TEST(Levers, CapacityShockSubsidyEnergyAndRelease) {
  v1::Scenario s = small_baseline();
  v1::Event& shock = add_event(s, "fab-fire", "2025-03");
  shock.mutable_capacity_shock()->set_maker("huawei");
  shock.mutable_capacity_shock()->set_factor(0.5);
  shock.set_end("2025-04");
  v1::Event& power = add_event(s, "grid", "2025-01");
  power.mutable_energy_buildout()->set_nation("IND");
  power.mutable_energy_buildout()->set_growth_change(0.5);
  v1::Event& release = add_event(s, "r1", "2025-02");
  release.mutable_model_release()->set_lab("cohere");
  release.mutable_model_release()->set_quality(95);
  release.mutable_model_release()->set_openness(v1::OPEN);
  v1::Scenario plain = small_baseline();
  Simulation a(s, 7, 0);
  Simulation b(plain, 7, 0);
  std::size_t ascend = 0;
  while (a.world().chips.id[ascend] != "ascend910c") ++ascend;
  for (std::size_t t = 0; t < 12; ++t) {
    a.step();
    b.step();
    const double ratio = a.ledger().produced[ascend] / b.ledger().produced[ascend];
    EXPECT_NEAR(ratio, t == 2 ? 0.5 : 1.0, 1e-12) << "month " << t;
  }
  const std::size_t india = nation_index(a, "IND");
  const double g = plain.nations(static_cast<int>(india)).energy_growth();
  EXPECT_NEAR(a.world().nations.energy_gw[india] / b.world().nations.energy_gw[india],
              (1.0 + g + 0.5) / (1.0 + g), 1e-9);
  std::size_t cohere = 0;
  while (a.world().labs.id[cohere] != "cohere") ++cohere;
  EXPECT_GE(a.world().labs.quality[cohere], 95.0);
  EXPECT_EQ(a.world().labs.open[cohere], 1);
  EXPECT_LT(b.world().labs.quality[cohere], 95.0);
}

}  // namespace
}  // namespace blocsim
