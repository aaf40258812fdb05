// The policy instruments on plain configuration (policies/policy_timeline.hpp), without any
// scenario text: a timeline built by hand, run through the schedule, and the month's rules read.
#include <gtest/gtest.h>

#include <climits>
#include <vector>

#include "blocsim/policies/policy_schedule.hpp"
#include "blocsim/policies/policy_timeline.hpp"

namespace blocsim {
namespace {

// Three nations (USA leaning US, CHN leaning China, IND neutral); two US chips (a fast and a slow
// one) and one Chinese chip; one US lab (closed) and one Chinese lab (open).
struct TinyWorld {
  Chips chips;
  Nations nations;
  Labs labs;

  TinyWorld() {
    nations.id = {"USA", "CHN", "IND"};
    nations.lean = {0.9, -0.9, 0.0};
    nations.origin = {Origin::kUs, Origin::kChina, Origin::kOther};
    chips.id = {"fast", "slow", "ascend"};
    chips.maker = {"nvidia", "nvidia", "huawei"};
    chips.home = {0, 0, 1};
    chips.origin = {Origin::kUs, Origin::kUs, Origin::kChina};
    chips.perf_train = {1.0, 0.3, 0.6};
    labs.id = {"us-lab", "cn-lab"};
    labs.home = {0, 1};
    labs.origin = {Origin::kUs, Origin::kChina};
    labs.open = {0, 1};
  }

  // The rules and effects of month t of a timeline of these events.
  void month(std::vector<PolicyEvent> events, std::size_t t, TradeRules& rules,
             PolicyEffects& effects) const {
    PolicyTimeline timeline;
    timeline.events = std::move(events);
    PolicySchedule schedule(std::move(timeline), {2025, 1}, ReplicaKey::make(1, 0));
    schedule.apply(t, chips, nations, labs, rules, effects);
  }
};

PolicyEvent event(Instrument effect, int begin = 0, int end = INT_MAX) {
  PolicyEvent e;
  e.id = "e";
  e.begin = begin;
  e.end = end;
  e.effect = std::move(effect);
  return e;
}

TEST(ExportRuleInstrument, ABanOnTheChinaBlocReachesOnlyFastUsChipsToNationsLeaningToChina) {
  ExportRule ban;
  ban.issuer = 0;
  ban.min_perf_train = 0.5;
  ban.destination_bloc = Origin::kChina;
  ban.action = ExportAction::kBan;
  const TinyWorld w;
  TradeRules rules;
  PolicyEffects effects;
  w.month({event(ban)}, 0, rules, effects);
  EXPECT_EQ(rules.at(0, 1).access, ExportAccess::kBan);    // fast chip to CHN
  EXPECT_EQ(rules.at(0, 2).access, ExportAccess::kAllow);  // neutral IND is no destination
  EXPECT_EQ(rules.at(1, 1).access, ExportAccess::kAllow);  // slow chip under the threshold
  EXPECT_EQ(rules.at(2, 1).access, ExportAccess::kAllow);  // not the issuer's chip
}

TEST(ExportRuleInstrument, ALaterLicenceReplacesTheBanWhileItLastsAndTakesItsCapGroup) {
  ExportRule ban;
  ban.issuer = 0;
  ban.destinations = {1};
  ban.action = ExportAction::kBan;
  ExportRule licence = ban;
  licence.action = ExportAction::kLicence;
  licence.chips = {0};
  licence.tariff = 0.25;
  licence.cap_per_quarter = 1000.0;
  const TinyWorld w;
  TradeRules rules;
  PolicyEffects effects;
  w.month({event(ban, 0), event(licence, 3, 6)}, 4, rules, effects);
  EXPECT_EQ(rules.at(0, 1).access, ExportAccess::kLicence);
  EXPECT_DOUBLE_EQ(rules.at(0, 1).tariff, 0.25);
  EXPECT_EQ(rules.at(0, 1).cap_group, 0);
  EXPECT_DOUBLE_EQ(rules.cap_remaining[0], 1000.0);
  EXPECT_EQ(rules.at(1, 1).access, ExportAccess::kBan);  // the licence names only the fast chip
  w.month({event(ban, 0), event(licence, 3, 6)}, 6, rules, effects);
  EXPECT_EQ(rules.at(0, 1).access, ExportAccess::kBan);  // the licence has ended
}

TEST(CustomsRuleInstrument, BlocksTheNamedChipsForTheImporterOnly) {
  const TinyWorld w;
  TradeRules rules;
  PolicyEffects effects;
  w.month({event(CustomsRule{1, {0, 1}, true})}, 0, rules, effects);
  EXPECT_TRUE(rules.blocked(0, 1));
  EXPECT_TRUE(rules.blocked(1, 1));
  EXPECT_FALSE(rules.blocked(2, 1));
  EXPECT_FALSE(rules.blocked(0, 2));
}

TEST(UsageBanInstrument, UsersLeaveEvenlyOverThePhaseInAndOpenWeightsStayWhenClosedOnly) {
  UsageBan ban;
  ban.nation = 2;
  ban.origin = Origin::kChina;
  ban.labs = {0};
  ban.phase_in_months = 4.0;
  const TinyWorld w;
  TradeRules rules;
  PolicyEffects effects;
  const std::size_t N = 3, L = 2;
  const auto at = [&](std::size_t sector, std::size_t lab) { return (sector * N + 2) * L + lab; };
  w.month({event(ban, 2)}, 3, rules, effects);  // one month into a 4-month phase-in
  for (const std::size_t sector : {0u, 1u}) {
    for (const std::size_t lab : {0u, 1u}) {
      EXPECT_EQ(effects.banned[at(sector, lab)], 1);
      EXPECT_DOUBLE_EQ(effects.forced_leave[at(sector, lab)], 1.0 / 3.0);
    }
  }
  ban.closed_only = true;
  ban.public_sector_only = true;
  w.month({event(ban, 2)}, 3, rules, effects);
  EXPECT_EQ(effects.banned[at(0, 0)], 0);  // private sector untouched
  EXPECT_EQ(effects.banned[at(1, 0)], 1);  // the closed US model, in the public sector
  EXPECT_EQ(effects.banned[at(1, 1)], 0);  // the open Chinese model stays usable
}

TEST(SubsidyAndCapacityShockInstruments, CompoundOnTheirChipsAndMultiply) {
  const TinyWorld w;
  TradeRules rules;
  PolicyEffects effects;
  w.month({event(Subsidy{1, 0.5}, 0), event(CapacityShock{{2}, 0.5}, 0)}, 12, rules, effects);
  EXPECT_DOUBLE_EQ(rules.capacity_factor[2], 1.5 * 0.5);  // a year of +50%, then halved
  EXPECT_DOUBLE_EQ(rules.capacity_factor[0], 1.0);
}

}  // namespace
}  // namespace blocsim
