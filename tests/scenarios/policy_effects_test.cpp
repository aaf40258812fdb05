// Policy levers and agent responses, each measured on a named metric of the baseline world, with
// the lever and without it, on the same seed (common random numbers make each a paired ablation).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "blocsim/core/calendar.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/scenarios/simulation.hpp"
#include "scenario_test_support.hpp"

namespace blocsim {
namespace {

using test_support::small_baseline;

using test_support::metric_id;

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

// Metrics are computed at the end of a month and events apply from the start of one, so a trigger
// sees a month's value at the start of the next: it fires in the month after the first month-end
// at which its condition holds (docs/POLICIES.md, Triggers), then delay_months later.
TEST(Triggers, FireInTheMonthAfterTheFirstMonthEndAtWhichTheConditionHoldsPlusTheDelay) {
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
    // The first month-end at which the condition holds; not at month 0 (it must be crossed).
    std::size_t first = 0;
    while (sim.metric(stock, first) <= 2.5 * 6.255e6) ++first;
    ASSERT_GT(first, 0u);
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

// A setup where a trigger's condition newly holds twice: China's licensed imports
// (chips.china.licensed, H100e a month) are cut to zero by two dated customs blocks of every NVIDIA
// chip, in 2025-04..05 and 2025-09..10, and are above zero otherwise (the H20 is allowed).
v1::Scenario with_two_import_cuts(bool repeat) {
  v1::Scenario s = small_baseline();
  // No retaliation, whose customs block would cut the imports for good.
  s.mutable_responses()->mutable_retaliation(0)->set_probability(0.0);
  for (const auto& [id, from, until] :
       {std::tuple{"cut-1", "2025-04", "2025-06"}, std::tuple{"cut-2", "2025-09", "2025-11"}}) {
    v1::Event& cut = add_event(s, id, from);
    cut.set_end(until);
    cut.mutable_customs_rule()->set_importer("CHN");
    cut.mutable_customs_rule()->set_maker("nvidia");
    cut.mutable_customs_rule()->set_block(true);
  }
  v1::Event& e = add_event(s, "watch", nullptr);
  e.mutable_trigger()->set_metric("chips.china.licensed");
  e.mutable_trigger()->set_when(v1::Trigger::BELOW);
  e.mutable_trigger()->set_threshold(1.0);
  e.mutable_trigger()->set_repeat(repeat);
  e.mutable_duration_months()->set_fixed(1);
  e.mutable_price_change()->set_lab("xai");
  e.mutable_price_change()->set_factor(1.0);
  return s;
}

// The month-ends at which chips.china.licensed < 1 newly holds (it did not at the one before).
std::vector<std::size_t> newly_holding(const Simulation& sim, std::size_t metric) {
  std::vector<std::size_t> months;
  for (std::size_t t = 0; t < sim.months(); ++t) {
    const bool holds = sim.metric(metric, t) < 1.0;
    const bool held = t > 0 && sim.metric(metric, t - 1) < 1.0;
    if (holds && !held) months.push_back(t);
  }
  return months;
}

TEST(Triggers, ARepeatingTriggerFiresEachTimeItsConditionNewlyHolds) {
  const v1::Scenario s = with_two_import_cuts(true);
  Simulation sim(s, 2, 0);
  sim.run_to_end();
  const std::size_t licensed = metric_id(s, "chips.china.licensed");
  const std::size_t fired = metric_id(s, "policy.fired.event.watch");
  // The setup does what it must: the condition newly holds at least twice, first at the
  // month-ends of the cuts' first months (2025-04 and 2025-09: months 3 and 8). (It holds again
  // for good once the H20 is sold out, near the end of 2027.)
  const std::vector<std::size_t> newly = newly_holding(sim, licensed);
  ASSERT_GE(newly.size(), 2u);
  EXPECT_EQ(newly[0], 3u);
  EXPECT_EQ(newly[1], 8u);
  EXPECT_GT(sim.metric(licensed, 2), 1.0);
  EXPECT_GT(sim.metric(licensed, 6), 1.0);
  // It fires each time, in the month after (a month in force each), and only then.
  const auto& windows = sim.schedule().windows().back();
  ASSERT_EQ(windows.size(), newly.size());
  for (std::size_t k = 0; k < newly.size(); ++k) {
    EXPECT_EQ(windows[k].first, static_cast<int>(newly[k] + 1));
    EXPECT_EQ(windows[k].second, static_cast<int>(newly[k] + 2));
  }
  for (std::size_t t = 0; t < sim.months(); ++t) {
    const auto fires = static_cast<double>(
        std::count_if(newly.begin(), newly.end(), [&](std::size_t m) { return m + 1 <= t; }));
    EXPECT_EQ(sim.metric(fired, t), fires) << "month " << t;
  }
  EXPECT_EQ(sim.metric(fired, sim.months() - 1), static_cast<double>(newly.size()));
}

TEST(Triggers, AOneShotTriggerInTheSameSetupFiresOnce) {
  const v1::Scenario s = with_two_import_cuts(false);
  Simulation sim(s, 2, 0);
  sim.run_to_end();
  const std::size_t licensed = metric_id(s, "chips.china.licensed");
  const std::size_t fired = metric_id(s, "policy.fired.event.watch");
  const std::vector<std::size_t> newly = newly_holding(sim, licensed);
  ASSERT_GE(newly.size(), 2u);
  EXPECT_EQ(newly[0], 3u);
  const auto& windows = sim.schedule().windows().back();
  ASSERT_EQ(windows.size(), 1u);
  EXPECT_EQ(windows[0], std::make_pair(4, 5));
  for (std::size_t t = 0; t < sim.months(); ++t) {
    EXPECT_EQ(sim.metric(fired, t), t >= 4 ? 1.0 : 0.0) << "month " << t;
  }
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
  EXPECT_GT(with.metric(india, start - 1), 0.02);
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

TEST(Levers, CapacityShockEnergyBuildoutAndModelRelease) {
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

// The index of chip `id` in the world.
std::size_t chip_index(const Simulation& sim, const char* id) {
  const auto& ids = sim.world().chips.id;
  return static_cast<std::size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
}

TEST(Levers, ASubsidyCompoundsItsNationsChipCapacityWhileInForce) {
  // Metric: units produced of each Chinese chip (MarketLedger::produced), and China's domestic
  // chips received (chips.china.domestic). The subsidy response is off in both runs, so the
  // event alone differs.
  v1::Scenario plain = small_baseline();
  plain.mutable_responses()->mutable_subsidy()->set_enabled(false);
  v1::Scenario funded = plain;
  v1::Event& e = add_event(funded, "fund", "2025-03");
  e.set_end("2026-03");
  e.mutable_subsidy()->set_nation("CHN");
  e.mutable_subsidy()->set_capacity_growth(0.5);
  Simulation a(funded, 9, 0);
  Simulation b(plain, 9, 0);
  const std::size_t ascend = chip_index(a, "ascend910c");
  const std::size_t h20 = chip_index(a, "h20");
  const std::size_t domestic = metric_id(plain, "chips.china.domestic");
  const std::size_t from = month_of(plain, "2025-03");
  const std::size_t until = month_of(plain, "2026-03");
  for (std::size_t t = 0; t < 24; ++t) {
    a.step();
    b.step();
    // x (1 + g)^(months in force / 12) while in force; 1 before it and after it ends.
    const double expected =
        t >= from && t < until ? std::pow(1.5, static_cast<double>(t - from) / 12.0) : 1.0;
    ASSERT_GT(b.ledger().produced[ascend], 0.0) << "month " << t;
    EXPECT_NEAR(a.ledger().produced[ascend] / b.ledger().produced[ascend], expected, 1e-9)
        << "month " << t;
    // Another nation's chips are not subsidised.
    if (b.ledger().produced[h20] > 0.0) {
      EXPECT_EQ(a.ledger().produced[h20], b.ledger().produced[h20]) << "month " << t;
    }
  }
  // Eleven months in: capacity x 1.5^(10/12) = 1.40; China receives more domestic chips.
  EXPECT_GT(a.metric(domestic, until - 1), 1.1 * b.metric(domestic, until - 1));
}

TEST(Levers, AGroupBanCutsItsMembersExactlyLikeABanNamingThem) {
  // Metric: US chips delivered legally to each nation (MarketLedger delivered - leaked). A ban of
  // every US chip to the group {IND, BRA} from 2026-01, against the same ban naming IND and BRA.
  v1::Scenario open = small_baseline();
  open.mutable_responses()->mutable_retaliation(0)->set_probability(0.0);
  v1::NationGroup* group = open.add_groups();
  group->set_id("swing");
  group->add_nations("IND");
  group->add_nations("BRA");
  v1::Scenario by_group = open;
  v1::Scenario by_name = open;
  for (v1::Scenario* s : {&by_group, &by_name}) {
    v1::ExportRule* r = add_event(*s, "swing-ban", "2026-01").mutable_export_rule();
    r->set_issuer("USA");
    r->set_action(v1::BAN);
    if (s == &by_group) {
      r->add_destination_groups("swing");
    } else {
      r->add_destinations("IND");
      r->add_destinations("BRA");
    }
  }
  Simulation g(by_group, 10, 0);
  Simulation n(by_name, 10, 0);
  Simulation o(open, 10, 0);
  const std::size_t N = g.world().nations.size();
  const std::size_t usa = nation_index(g, "USA");
  const std::size_t start = month_of(open, "2026-01");
  auto us_legal = [&](const Simulation& sim, const char* nation) {
    const std::size_t at = nation_index(sim, nation);
    double units = 0.0;
    for (std::size_t c = 0; c < sim.world().chips.size(); ++c) {
      if (sim.world().chips.home[c] != usa) continue;
      units += sim.ledger().delivered[c * N + at] - sim.ledger().leaked[c * N + at];
    }
    return units;
  };
  double leaked_to_india = 0.0;
  for (std::size_t t = 0; t < start + 12; ++t) {
    g.step();
    n.step();
    o.step();
    // The same flows, chip by chip and nation by nation, every month.
    ASSERT_EQ(g.ledger().delivered, n.ledger().delivered) << "month " << t;
    ASSERT_EQ(g.ledger().leaked, n.ledger().leaked) << "month " << t;
    if (t < start) {
      EXPECT_GT(us_legal(g, "IND"), 0.0) << "month " << t;
      continue;
    }
    for (const char* member : {"IND", "BRA"}) {
      EXPECT_NEAR(us_legal(g, member), 0.0, 1e-9) << member << " month " << t;
      EXPECT_GT(us_legal(o, member), 0.0) << member << " month " << t;
    }
    EXPECT_GT(us_legal(g, "GBR"), 0.0) << "a non-member, month " << t;
    const std::size_t india = nation_index(g, "IND");
    for (std::size_t c = 0; c < g.world().chips.size(); ++c) {
      if (g.world().chips.home[c] == usa) leaked_to_india += g.ledger().leaked[c * N + india];
    }
  }
  // Only leaked chips reach the members: some do, through the channels.
  EXPECT_GT(leaked_to_india, 0.0);
  const std::size_t end = g.months() - 1;
  g.run_to_end();
  n.run_to_end();
  const auto metrics = metric_catalog(open);
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    EXPECT_EQ(g.metric(m, end), n.metric(m, end)) << metrics[m].name;
  }
}

TEST(Responses, RetaliationByUsageBanEmptiesTheAgainstNationsModelsWithinThePhaseIn) {
  // Metric: the share of China's developers on US-origin models (from the adoption shares), and
  // the counter policy.fired.retaliation.CHN.USA. China answers the baseline's US ban (in force
  // from month 0) by barring US models, over a 6-month phase-in, after the rule's lag.
  v1::Scenario never = small_baseline();
  v1::Retaliation* rule = never.mutable_responses()->mutable_retaliation(0);
  rule->set_measure(v1::Retaliation::USAGE_BAN);
  rule->set_phase_in_months(6);
  rule->set_probability(0.0);
  v1::Scenario always = never;
  always.mutable_responses()->mutable_retaliation(0)->set_probability(1.0);
  Simulation a(never, 4, 0);
  Simulation b(always, 4, 0);
  const std::size_t lag = never.responses().retaliation(0).lag_months();
  const std::size_t fired = metric_id(never, "policy.fired.retaliation.CHN.USA");
  const std::size_t L = a.world().labs.size();
  const std::size_t usa = nation_index(a, "USA");
  auto us_share = [&](const Simulation& sim, const char* nation) {
    const std::size_t at = nation_index(sim, nation);
    double share = 0.0;
    for (std::size_t l = 0; l < L; ++l) {
      if (sim.world().labs.home[l] == usa) share += sim.adoption_share()[at * L + l];
    }
    return share;
  };
  for (std::size_t t = 0; t < lag + 12; ++t) {
    a.step();
    b.step();
    if (t < lag) {
      EXPECT_EQ(us_share(b, "CHN"), us_share(a, "CHN")) << "before the lag, month " << t;
      EXPECT_EQ(b.metric(fired, t), 0.0);
    } else {
      EXPECT_EQ(b.metric(fired, t), 1.0) << "month " << t;
    }
    // Without the answer, some Chinese developers stay on US open weights.
    EXPECT_GT(us_share(a, "CHN"), 0.01) << "month " << t;
    EXPECT_EQ(a.metric(fired, t), 0.0);
    if (t == lag + 2) {
      // Half way through the phase-in, about half have had to leave.
      EXPECT_LT(us_share(b, "CHN"), 0.75 * us_share(a, "CHN"));
      EXPECT_GT(us_share(b, "CHN"), 0.0);
    }
    if (t + 1 >= lag + 6) {
      EXPECT_EQ(us_share(b, "CHN"), 0.0) << "month " << t;
    }
  }
  // Elsewhere only what the network carries: a small shift in Brazil, bounded by 3 points.
  EXPECT_LT(std::abs(us_share(b, "BRA") - us_share(a, "BRA")), 0.03);
}

TEST(Levers, AReleasesPriceFactorMultipliesTheLabsPricesWhileInForce) {
  // Metric: price.lab.meta (USD per 1M tokens), and Meta's world adoption. A release that does
  // not raise Meta's quality (0 is below it) and halves its prices from 2026-01 to 2027-01.
  v1::Scenario plain = small_baseline();
  v1::Scenario released = plain;
  v1::Event& e = add_event(released, "cheap-llama", "2026-01");
  e.set_end("2027-01");
  e.mutable_model_release()->set_lab("meta");
  e.mutable_model_release()->set_quality(0);
  e.mutable_model_release()->set_price_factor(0.5);
  Simulation a(released, 11, 0);
  Simulation b(plain, 11, 0);
  a.run_to_end();
  b.run_to_end();
  const std::size_t price = metric_id(plain, "price.lab.meta");
  const std::size_t quality = metric_id(plain, "quality.lab.meta");
  const std::size_t share = metric_id(plain, "adoption.world.lab.meta");
  const std::size_t from = month_of(plain, "2026-01");
  const std::size_t until = month_of(plain, "2027-01");
  // The factor scales Meta's serving cost, and open weights sell at cost. Before the release the
  // runs are the same; from it on they differ by what the nations' serving fleets differ: adoption
  // moves leans, and leans the chips nations buy (under 1% in the month after the window; the
  // runs drift further apart later, as any two worlds do).
  for (std::size_t t = 0; t <= until; ++t) {
    const double expected = t >= from && t < until ? 0.5 : 1.0;
    const double tolerance = t < from ? 0.0 : 1e-2;
    EXPECT_NEAR(a.metric(price, t) / b.metric(price, t), expected, tolerance) << "month " << t;
  }
  // The release does not raise the quality (later months differ a little: adoption moves the
  // nations' leans, and with them the chips they may buy).
  EXPECT_EQ(a.metric(quality, from), b.metric(quality, from));
  EXPECT_EQ(a.metric(share, from - 1), b.metric(share, from - 1));
  EXPECT_GT(a.metric(share, until - 1), b.metric(share, until - 1));
}

}  // namespace
}  // namespace blocsim

namespace blocsim {
namespace {

TEST(Levers, ATariffOnTheChipsALabServesWithRaisesItsPrice) {
  // Metric: price.lab.mistral. The US licenses its chips to France with a 100% tariff from
  // 2026-01 (every buyer vetted): France pays double for the US chips it buys, its serving fleet
  // gets dearer per unit, and Mistral (open weights, sold at serving cost) charges more.
  v1::Scenario plain = small_baseline();
  v1::Scenario tariffed = plain;
  v1::Event& e = add_event(tariffed, "fra-tariff", "2026-01");
  v1::ExportRule& rule = *e.mutable_export_rule();
  rule.set_issuer("USA");
  rule.add_destinations("FRA");
  rule.set_action(v1::LICENCE);
  rule.set_tariff(1.0);
  rule.set_vetted_share(1.0);
  Simulation a(tariffed, 5, 0);
  Simulation b(plain, 5, 0);
  a.run_to_end();
  b.run_to_end();
  const std::size_t price = metric_id(plain, "price.lab.mistral");
  const std::size_t from = month_of(plain, "2026-01");
  for (std::size_t t = 0; t < from; ++t) EXPECT_EQ(a.metric(price, t), b.metric(price, t));
  for (std::size_t t = from; t < a.months(); ++t) {
    EXPECT_GT(a.metric(price, t), b.metric(price, t)) << "month " << t;
  }
  // A year in, the fleet has turned over enough to show: more than 5% dearer.
  EXPECT_GT(a.metric(price, from + 12), 1.05 * b.metric(price, from + 12));
}

}  // namespace
}  // namespace blocsim
