#include "blocsim/policies/policy_schedule.hpp"
#include "blocsim/scenarios/policy_timeline.hpp"

#include <gtest/gtest.h>

#include <google/protobuf/text_format.h>

#include "support/small_world.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "blocsim/core/distribution.hpp"
#include "blocsim/scenarios/distribution_from_schema.hpp"

namespace blocsim {
namespace {

constexpr std::size_t kUsa = 0;
constexpr std::size_t kChn = 1;
constexpr std::size_t kSgp = 2;
constexpr std::size_t kRus = 3;
constexpr std::size_t kNations = 4;
constexpr std::size_t kGpu = 0;    // nvidia, USA, perf 1
constexpr std::size_t kSmall = 1;  // nvidia, USA, perf 0.15
constexpr std::size_t kNpu = 2;    // huawei, CHN
constexpr std::size_t kUsClosed = 0;
constexpr std::size_t kUsOpen = 1;
constexpr std::size_t kCnOpen = 2;
constexpr std::size_t kLabs = 3;

// A small world the events refer to by id. The run starts in January 2025 unless a test says so.
class PolicyScheduleTest : public ::testing::Test {
 protected:
  PolicyScheduleTest()
      : chips_(test_support::make_chips(
            {{"gpu", "nvidia", kUsa, Origin::kUs, 1.0, 1.0, 25000.0, 1e6},
             {"small", "nvidia", kUsa, Origin::kUs, 0.15, 0.6, 12000.0, 1e6},
             {"npu", "huawei", kChn, Origin::kChina, 0.6, 0.6, 20000.0, 1e6}},
            24)),
        nations_(test_support::make_nations({test_support::usa(),
                                             test_support::china(),
                                             test_support::singapore_hub(),
                                             {.id = "RUS", .chip_budget = 1e7, .lean = -0.7}})),
        labs_(test_support::make_labs({{"usclosed", kUsa, Origin::kUs, false},
                                       {"usopen", kUsa, Origin::kUs, true},
                                       {"cnopen", kChn, Origin::kChina, true}})),
        market_(test_support::market_params()) {
    market_.leakage = {{"hubs", 0.1, 0.5, 0.1, true}, {"subsidiaries", 0.1, 0.2, 0.0, false}};
  }

  v1::Scenario events(const std::string& text) const {
    v1::Scenario s;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &s)) << text;
    return s;
  }
  PolicySchedule schedule(const v1::Scenario& s, ReplicaKey key = ReplicaKey::make(1, 0),
                          YearMonth start = {2025, 1}) const {
    return PolicySchedule(
        policy_timeline(s, start, EntityIndex::of(chips_, nations_, labs_, market_), key), start,
        key);
  }
  void apply(const PolicySchedule& p, std::size_t t) {
    p.apply(t, chips_, nations_, labs_, rules_, effects_);
  }
  ExportAccess access(std::size_t chip, std::size_t nation) const {
    return rules_.at(chip, nation).access;
  }

  Chips chips_;
  Nations nations_;
  Labs labs_;
  MarketParams market_;
  TradeRules rules_;
  PolicyEffects effects_;
};

TEST_F(PolicyScheduleTest, EventTakesEffectAtItsDateAndEndsAtItsEnd) {
  const auto s = events(R"(
    events { id: "ban" date: "2025-03" end: "2025-06"
             export_rule { issuer: "USA" chips: ["gpu"] destinations: ["CHN"] action: BAN } })");
  const PolicySchedule p = schedule(s);
  ASSERT_EQ(p.windows().size(), 1u);
  ASSERT_EQ(p.windows()[0].size(), 1u);
  EXPECT_EQ(p.windows()[0][0], std::make_pair(2, 5));
  const std::vector<ExportAccess> expected = {ExportAccess::kAllow, ExportAccess::kAllow,
                                              ExportAccess::kBan,   ExportAccess::kBan,
                                              ExportAccess::kBan,   ExportAccess::kAllow};
  for (std::size_t t = 0; t < expected.size(); ++t) {
    apply(p, t);
    EXPECT_EQ(access(kGpu, kChn), expected[t]) << "month " << t;
    // Only the named chip and destination.
    EXPECT_EQ(access(kSmall, kChn), ExportAccess::kAllow);
    EXPECT_EQ(access(kGpu, kSgp), ExportAccess::kAllow);
  }
}

TEST_F(PolicyScheduleTest, EventWithoutEndStaysInForce) {
  const auto s = events(R"(
    events { id: "ban" date: "2025-03"
             export_rule { issuer: "USA" destinations: ["CHN"] action: BAN } })");
  const PolicySchedule p = schedule(s);
  apply(p, 23);
  // No chips named: every chip of the issuer, none of another's.
  EXPECT_EQ(access(kGpu, kChn), ExportAccess::kBan);
  EXPECT_EQ(access(kSmall, kChn), ExportAccess::kBan);
  EXPECT_EQ(access(kNpu, kUsa), ExportAccess::kAllow);
}

TEST_F(PolicyScheduleTest, DurationIsDrawnPerReplica) {
  const auto s = events(R"(
    events { id: "fixed" date: "2025-02" duration_months { fixed: 4 }
             customs_rule { importer: "CHN" chips: ["gpu"] block: true } }
    events { id: "drawn" date: "2025-02" duration_months { uniform { lo: 2 hi: 10 } }
             customs_rule { importer: "CHN" chips: ["small"] block: true } })");
  std::set<int> lengths;
  for (std::uint32_t replica = 0; replica < 20; ++replica) {
    const ReplicaKey key = ReplicaKey::make(99, replica);
    const PolicySchedule p = schedule(s, key);
    EXPECT_EQ(p.windows()[0].at(0), std::make_pair(1, 5));
    const double months = draw_parameter(to_distribution(s.events(1).duration_months()),
                                         "events[drawn].duration_months", key, 0.0);
    const int length = p.windows()[1].at(0).second - p.windows()[1].at(0).first;
    EXPECT_EQ(length, std::lround(months));
    EXPECT_GE(length, 2);
    EXPECT_LE(length, 10);
    lengths.insert(length);
    // In force for exactly its drawn length.
    apply(p, static_cast<std::size_t>(length));  // the last month in force: 1 + length - 1
    EXPECT_TRUE(rules_.blocked(kSmall, kChn));
    apply(p, static_cast<std::size_t>(length) + 1);
    EXPECT_FALSE(rules_.blocked(kSmall, kChn));
  }
  EXPECT_GT(lengths.size(), 3u);  // 20 draws over 9 possible lengths
}

TEST_F(PolicyScheduleTest, LaterEventsOverrideEarlierOnes) {
  // Listed first but dated later: date order decides, then scenario order.
  const auto s = events(R"(
    events { id: "licence" date: "2025-03" end: "2025-06"
             export_rule { issuer: "USA" chips: ["gpu"] destinations: ["CHN"] action: LICENCE
                           tariff: 0.25 vetted_share: 0.5 } }
    events { id: "ban" date: "2025-01"
             export_rule { issuer: "USA" chips: ["gpu"] destinations: ["CHN", "SGP"] action: BAN } }
    events { id: "sgp-ban" date: "2025-04"
             export_rule { issuer: "USA" chips: ["gpu"] destinations: ["SGP"] action: BAN } }
    events { id: "sgp-allow" date: "2025-04"
             export_rule { issuer: "USA" chips: ["gpu"] destinations: ["SGP"] action: ALLOW } })");
  const PolicySchedule p = schedule(s);
  apply(p, 1);
  EXPECT_EQ(access(kGpu, kChn), ExportAccess::kBan);
  apply(p, 2);
  EXPECT_EQ(access(kGpu, kChn), ExportAccess::kLicence);
  EXPECT_EQ(rules_.at(kGpu, kChn).tariff, 0.25);
  EXPECT_EQ(rules_.at(kGpu, kChn).vetted_share, 0.5);
  EXPECT_EQ(rules_.at(kGpu, kChn).cap_group, -1);
  EXPECT_EQ(access(kGpu, kSgp), ExportAccess::kBan);
  apply(p, 3);
  EXPECT_EQ(access(kGpu, kSgp), ExportAccess::kAllow);  // same date: the later in the file wins
  apply(p, 5);
  EXPECT_EQ(access(kGpu, kChn), ExportAccess::kBan);  // the licence's end restores the ban
}

TEST_F(PolicyScheduleTest, DestinationBlocAndMinimumPerformance) {
  const auto s = events(R"(
    events { id: "bloc" date: "2025-01"
             export_rule { issuer: "USA" destination_bloc: "china" min_perf_train: 0.5
                           action: BAN } })");
  apply(schedule(s), 0);
  EXPECT_EQ(access(kGpu, kChn), ExportAccess::kBan);
  EXPECT_EQ(access(kGpu, kRus), ExportAccess::kBan);      // lean -0.7
  EXPECT_EQ(access(kGpu, kSgp), ExportAccess::kAllow);    // lean +0.2
  EXPECT_EQ(access(kSmall, kChn), ExportAccess::kAllow);  // below the performance threshold
}

TEST_F(PolicyScheduleTest, CustomsBlockBeatsALicence) {
  const auto s = events(R"(
    events { id: "licence" date: "2025-01"
             export_rule { issuer: "USA" chips: ["gpu"] destinations: ["CHN"] action: LICENCE
                           tariff: 0.25 } }
    events { id: "block" date: "2025-02" end: "2025-04"
             customs_rule { importer: "CHN" chips: ["gpu"] block: true } }
    events { id: "maker" date: "2025-06"
             customs_rule { importer: "SGP" maker: "huawei" block: true } })");
  const PolicySchedule p = schedule(s);
  std::vector<double> inventory(3, 0.0);
  MarketLedger ledger;
  apply(p, 1);
  EXPECT_EQ(access(kGpu, kChn), ExportAccess::kLicence);
  EXPECT_TRUE(rules_.blocked(kGpu, kChn));
  EXPECT_FALSE(rules_.blocked(kSmall, kChn));
  clear_market(1, 24, chips_, nations_, rules_, market_, inventory, ledger);
  EXPECT_EQ(ledger.delivered[kGpu * kNations + kChn], 0.0);
  EXPECT_GT(ledger.delivered[kSmall * kNations + kChn], 0.0);

  apply(p, 4);  // the block has ended; the licence still stands
  EXPECT_FALSE(rules_.blocked(kGpu, kChn));
  EXPECT_EQ(access(kGpu, kChn), ExportAccess::kLicence);
  clear_market(4, 24, chips_, nations_, rules_, market_, inventory, ledger);
  EXPECT_GT(ledger.delivered[kGpu * kNations + kChn], 0.0);

  apply(p, 5);  // a maker's block covers its chips only
  EXPECT_TRUE(rules_.blocked(kNpu, kSgp));
  EXPECT_FALSE(rules_.blocked(kGpu, kSgp));
}

// Usage bans are laid out [(sector * nations + nation) * labs + lab], sector 0 private, 1 public.
std::size_t ban_at(std::size_t sector, std::size_t nation, std::size_t lab) {
  return (sector * kNations + nation) * kLabs + lab;
}

TEST_F(PolicyScheduleTest, UsageBanPhasesIn) {
  const auto s = events(R"(
    events { id: "ban-us" date: "2025-03"
             usage_ban { nation: "CHN" origin: "us" closed_only: true phase_in_months: 4 } }
    events { id: "ban-now" date: "2025-03"
             usage_ban { nation: "RUS" labs: ["cnopen"] } })");
  const PolicySchedule p = schedule(s);
  apply(p, 1);
  ASSERT_EQ(effects_.banned.size(), kSectors * kNations * kLabs);
  ASSERT_EQ(effects_.forced_leave.size(), kSectors * kNations * kLabs);
  for (std::size_t sector = 0; sector < kSectors; ++sector) {
    EXPECT_EQ(effects_.banned[ban_at(sector, kChn, kUsClosed)], 0);
    EXPECT_EQ(effects_.forced_leave[ban_at(sector, kChn, kUsClosed)], 0.0);
  }
  // Of those still on the model, 1 / (phase_in - months_in) must leave each month.
  const std::vector<double> expected = {1.0 / 4.0, 1.0 / 3.0, 1.0 / 2.0, 1.0, 1.0, 1.0};
  for (std::size_t months_in = 0; months_in < expected.size(); ++months_in) {
    apply(p, 2 + months_in);
    for (std::size_t sector = 0; sector < kSectors; ++sector) {  // both sectors are barred
      SCOPED_TRACE("sector " + std::to_string(sector) + ", months in " + std::to_string(months_in));
      EXPECT_EQ(effects_.banned[ban_at(sector, kChn, kUsClosed)], 1);
      EXPECT_DOUBLE_EQ(effects_.forced_leave[ban_at(sector, kChn, kUsClosed)], expected[months_in]);
      EXPECT_EQ(effects_.banned[ban_at(sector, kChn, kUsOpen)], 0);  // open weights stay usable
      EXPECT_EQ(effects_.banned[ban_at(sector, kChn, kCnOpen)], 0);
      EXPECT_EQ(effects_.banned[ban_at(sector, kUsa, kUsClosed)], 0);  // only the banning nation
      // No phase-in: everyone leaves at once.
      EXPECT_EQ(effects_.banned[ban_at(sector, kRus, kCnOpen)], 1);
      EXPECT_EQ(effects_.forced_leave[ban_at(sector, kRus, kCnOpen)], 1.0);
    }
  }
  // Together the monthly rates leave nobody after the phase-in: (3/4)(2/3)(1/2)(0) = 0.
  double remaining = 1.0;
  for (std::size_t k = 0; k < 4; ++k) remaining *= 1.0 - expected[k];
  EXPECT_EQ(remaining, 0.0);
}

TEST_F(PolicyScheduleTest, PublicSectorOnlyBan) {
  const auto s = events(R"(
    events { id: "gov" date: "2025-01"
             usage_ban { nation: "USA" origin: "china" public_sector_only: true } })");
  apply(schedule(s), 0);
  EXPECT_EQ(effects_.banned[ban_at(1, kUsa, kCnOpen)], 1);
  EXPECT_EQ(effects_.forced_leave[ban_at(1, kUsa, kCnOpen)], 1.0);
  EXPECT_EQ(effects_.banned[ban_at(0, kUsa, kCnOpen)], 0);
  EXPECT_EQ(effects_.forced_leave[ban_at(0, kUsa, kCnOpen)], 0.0);
  EXPECT_EQ(effects_.banned[ban_at(1, kUsa, kUsClosed)], 0);
}

TEST_F(PolicyScheduleTest, LeakageAndPriceChangesMultiply) {
  const auto s = events(R"(
    events { id: "half" date: "2025-02" leakage_change { channel: "hubs" factor: 0.5 } }
    events { id: "again" date: "2025-03" leakage_change { channel: "hubs" factor: 0.5 } }
    events { id: "close" date: "2025-04" end: "2025-05"
             leakage_change { channel: "subsidiaries" factor: 0 } }
    events { id: "cut" date: "2025-02" price_change { lab: "cnopen" factor: 0.25 } }
    events { id: "cut2" date: "2025-03" price_change { lab: "cnopen" factor: 0.5 } })");
  const PolicySchedule p = schedule(s);
  ASSERT_EQ(p.channels(), 2u);
  apply(p, 0);
  EXPECT_EQ(rules_.leakage_factor, (std::vector<double>{1.0, 1.0}));
  EXPECT_EQ(effects_.price_factor, (std::vector<double>{1.0, 1.0, 1.0}));
  apply(p, 1);
  EXPECT_EQ(rules_.leakage_factor, (std::vector<double>{0.5, 1.0}));
  EXPECT_EQ(effects_.price_factor[kCnOpen], 0.25);
  apply(p, 3);
  EXPECT_EQ(rules_.leakage_factor, (std::vector<double>{0.25, 0.0}));
  EXPECT_EQ(effects_.price_factor[kCnOpen], 0.125);
  EXPECT_EQ(effects_.price_factor[kUsClosed], 1.0);
  apply(p, 4);
  EXPECT_EQ(rules_.leakage_factor, (std::vector<double>{0.25, 1.0}));
}

TEST_F(PolicyScheduleTest, CapsResetEachCalendarQuarter) {
  // The run starts in February, so month t = 2 is April: caps follow the calendar, not the run.
  const auto s = events(R"(
    events { id: "capped" date: "2025-02"
             export_rule { issuer: "USA" chips: ["gpu"] destinations: ["CHN", "SGP"]
                           action: LICENCE cap_per_quarter: 1000 } }
    events { id: "uncapped" date: "2025-02"
             export_rule { issuer: "USA" chips: ["small"] destinations: ["CHN"]
                           action: LICENCE tariff: 0.1 } }
    events { id: "capped-2" date: "2025-02"
             export_rule { issuer: "CHN" chips: ["npu"] destinations: ["USA"]
                           action: LICENCE cap_per_quarter: 50 } })");
  PolicySchedule p = schedule(s, ReplicaKey::make(1, 0), {2025, 2});
  ASSERT_EQ(p.cap_groups(), 2u);
  MarketLedger ledger;
  auto book = [&](std::size_t t, double used, double used2) {
    ledger.cap_used = {used, used2};
    p.record_cap_usage(t, ledger);
  };
  apply(p, 0);  // February
  EXPECT_EQ(rules_.at(kGpu, kChn).cap_group, 0);
  EXPECT_EQ(rules_.at(kGpu, kSgp).cap_group, 0);
  EXPECT_EQ(rules_.at(kSmall, kChn).cap_group, -1);
  EXPECT_EQ(rules_.at(kNpu, kUsa).cap_group, 1);
  EXPECT_EQ(rules_.cap_remaining, (std::vector<double>{1000.0, 50.0}));
  book(0, 300.0, 10.0);
  apply(p, 1);  // March: same quarter
  EXPECT_EQ(rules_.cap_remaining, (std::vector<double>{700.0, 40.0}));
  book(1, 200.0, 40.0);
  apply(p, 2);  // April: a new quarter
  EXPECT_EQ(rules_.cap_remaining, (std::vector<double>{1000.0, 50.0}));
  book(2, 1000.0, 0.0);
  apply(p, 3);
  EXPECT_EQ(rules_.cap_remaining, (std::vector<double>{0.0, 50.0}));
  book(3, 0.0, 0.0);
  apply(p, 4);  // June
  EXPECT_EQ(rules_.cap_remaining[0], 0.0);
  book(4, 0.0, 0.0);
  apply(p, 5);  // July
  EXPECT_EQ(rules_.cap_remaining[0], 1000.0);
}

TEST_F(PolicyScheduleTest, CapBindsInTheMarketThroughTheSchedule) {
  const auto s = events(R"(
    events { id: "capped" date: "2025-01"
             export_rule { issuer: "USA" chips: ["gpu"] destinations: ["CHN"]
                           action: LICENCE cap_per_quarter: 1000 } })");
  PolicySchedule p = schedule(s);
  std::vector<double> inventory(3, 0.0);
  MarketLedger ledger;
  double delivered = 0.0;
  for (std::size_t t = 0; t < 3; ++t) {  // one quarter
    apply(p, t);
    clear_market(t, 24, chips_, nations_, rules_, market_, inventory, ledger);
    p.record_cap_usage(t, ledger);
    delivered += ledger.delivered[kGpu * kNations + kChn] - ledger.leaked[kGpu * kNations + kChn];
  }
  // Demand is far above the cap: the whole quarter's cap goes in the first month, none after.
  EXPECT_NEAR(delivered, 1000.0, 1e-9);
  EXPECT_EQ(ledger.cap_used[0], 0.0);
}

TEST_F(PolicyScheduleTest, UnknownIdsThrowNamingTheEvent) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"bad-chip",
       R"(export_rule { issuer: "USA" chips: ["tpu"] destinations: ["CHN"] action: BAN })"},
      {"bad-issuer", R"(export_rule { issuer: "XXX" destinations: ["CHN"] action: BAN })"},
      {"bad-destination", R"(export_rule { issuer: "USA" destinations: ["ATL"] action: BAN })"},
      {"bad-importer", R"(customs_rule { importer: "ATL" chips: ["gpu"] block: true })"},
      {"bad-customs-chip", R"(customs_rule { importer: "CHN" chips: ["tpu"] block: true })"},
      {"bad-channel", R"(leakage_change { channel: "tunnels" factor: 0 })"},
      {"bad-lab", R"(price_change { lab: "nolab" factor: 0.5 })"},
      {"bad-ban-nation", R"(usage_ban { nation: "ATL" origin: "us" })"},
      {"bad-ban-lab", R"(usage_ban { nation: "CHN" labs: ["nolab"] })"},
      {"no-effect", ""},
  };
  for (const auto& [id, effect] : bad) {
    const auto s = events("events { id: \"" + id + "\" date: \"2025-02\" " + effect + " }");
    try {
      schedule(s);
      ADD_FAILURE() << id << " did not throw";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("'" + id + "'"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(schedule(events(R"(events { id: "bad-date" date: "2025-13"
                                   price_change { lab: "cnopen" factor: 0.5 } })")),
               std::invalid_argument);
}

}  // namespace
}  // namespace blocsim

namespace blocsim {
namespace {

// Whether China has retaliated by month 1 in each of 64 replicas.
std::vector<int> retaliations(const v1::Scenario& s, const Chips& chips, const Nations& nations,
                              const Labs& labs, const MarketParams& market) {
  std::vector<int> fired;
  for (std::uint32_t replica = 0; replica < 64; ++replica) {
    const ReplicaKey key = ReplicaKey::make(5, replica);
    PolicySchedule p(
        policy_timeline(s, {2025, 1}, EntityIndex::of(chips, nations, labs, market), key),
        {2025, 1}, key);
    const auto metric = [](std::size_t) { return 0.0; };
    p.observe(0, metric, nullptr, chips, nations);
    p.observe(1, metric, nullptr, chips, nations);
    const auto& names = p.counters();
    const auto k = static_cast<std::size_t>(
        std::find(names.begin(), names.end(), "retaliation.CHN.USA") - names.begin());
    EXPECT_LT(k, names.size());
    fired.push_back(p.fired_by(k, 1));
  }
  return fired;
}

TEST_F(PolicyScheduleTest, RetaliationDrawDoesNotDependOnTheEventsPosition) {
  // Common random numbers: an unrelated event listed before the ban must not change whether a
  // replica retaliates (draws are keyed by ids, not positions; docs/REPRODUCIBILITY.md).
  const std::string response = R"(
    responses { retaliation { nation: "CHN" against: "USA" probability: 0.5
                              measure: CUSTOMS_BLOCK } })";
  const std::string ban = R"(
    events { id: "ban" date: "2025-01"
             export_rule { issuer: "USA" chips: ["gpu"] destinations: ["CHN"] action: BAN } })";
  const std::string other = R"(
    events { id: "cut" date: "2025-01" price_change { lab: "cnopen" factor: 0.5 } })";
  const auto plain = retaliations(events(response + ban), chips_, nations_, labs_, market_);
  const auto shifted =
      retaliations(events(response + other + ban), chips_, nations_, labs_, market_);
  EXPECT_EQ(plain, shifted);
  // About half the replicas retaliate (binomial(64, 1/2): 32 +- 4; 10 and 54 are 5.5 sd away).
  const int total = std::accumulate(plain.begin(), plain.end(), 0);
  EXPECT_GT(total, 10);
  EXPECT_LT(total, 54);
}

// Runs the observe/apply cycle of a schedule whose triggers watch metric "x", whose value at the
// end of month t is x[t], and returns, per month, how many times counter 0 had fired.
std::vector<int> fired_each_month(const v1::Scenario& s, const std::vector<double>& x,
                                  const Chips& chips, const Nations& nations, const Labs& labs,
                                  const MarketParams& market) {
  EntityIndex index = EntityIndex::of(chips, nations, labs, market);
  index.metric["x"] = 0;
  const ReplicaKey key = ReplicaKey::make(1, 0);
  PolicySchedule p(policy_timeline(s, {2025, 1}, index, key), {2025, 1}, key);
  std::vector<int> fired;
  for (std::size_t t = 0; t < x.size(); ++t) {
    // Before month t's rules: the metric as it was at the end of month t - 1.
    p.observe(
        t, [&](std::size_t) { return t > 0 ? x[t - 1] : 0.0; }, nullptr, chips, nations);
    fired.push_back(p.fired_by(0, t));
  }
  return fired;
}

TEST_F(PolicyScheduleTest, TriggersFireInTheMonthAfterEachMonthEndTheConditionNewlyHolds) {
  // x > 1 newly holds at the ends of months 1, 5 and 7 (it held at none of the month-ends just
  // before), and keeps holding at 2 and 8-9 without newly holding.
  const std::vector<double> x = {0, 5, 5, 0, 0, 5, 0, 5, 5, 5, 0, 0};
  const std::string effect = R"( price_change { lab: "cnopen" factor: 0.5 } })";
  const std::string trigger = R"(events { id: "t" trigger { metric: "x" when: ABOVE threshold: 1 )";
  // Repeating: fires in months 2, 6 and 8.
  EXPECT_EQ(fired_each_month(events(trigger + "repeat: true }" + effect), x, chips_, nations_,
                             labs_, market_),
            (std::vector<int>{0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3}));
  // With a delay of 2: each fire 2 months later.
  EXPECT_EQ(fired_each_month(events(trigger + "repeat: true delay_months: 2 }" + effect), x, chips_,
                             nations_, labs_, market_),
            (std::vector<int>{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3}));
  // One-shot: the first time only.
  EXPECT_EQ(fired_each_month(events(trigger + "}" + effect), x, chips_, nations_, labs_, market_),
            (std::vector<int>{0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
  // Armed by a date (2025-05, month 4): checks start in month 4, on the end of month 3, so the
  // condition of month-ends 1 and 2 is never seen and the first fire, for month-end 5, is in
  // month 6.
  EXPECT_EQ(fired_each_month(events(R"(events { id: "t" date: "2025-05")"
                                    R"( trigger { metric: "x" when: ABOVE threshold: 1 } )" +
                                    effect),
                             x, chips_, nations_, labs_, market_),
            (std::vector<int>{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}));
}

}  // namespace
}  // namespace blocsim
