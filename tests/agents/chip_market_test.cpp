#include "blocsim/agents/chip_market.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "support/small_world.hpp"

namespace blocsim {
namespace {

// A hand-built world: the USA and China each make one chip; Singapore is a transshipment hub that
// makes none. Supply is ample unless a test says otherwise (the largest budget, 2e9 USD, buys at
// most 80,000 GPUs or 100,000 NPUs a month).
constexpr std::size_t kUsa = 0;
constexpr std::size_t kChn = 1;
constexpr std::size_t kSgp = 2;
constexpr std::size_t kNations = 3;
constexpr std::size_t kGpu = 0;  // US chip
constexpr std::size_t kNpu = 1;  // Chinese chip
constexpr std::size_t kChips = 2;
constexpr std::size_t kMonths = 3;
constexpr std::size_t kHubs = 0;
constexpr std::size_t kChannels = 3;

// Sums of a handful of positive terms: rounding is a few ulps of the total, 1e-12 is far above it.
constexpr double kRelative = 1e-12;

struct MiniMarket {
  Chips chips;
  Nations nations;
  MarketParams params;
  TradeRules rules;
  std::vector<double> inventory;
  MarketLedger ledger;

  explicit MiniMarket(double gpu_per_month = 200000.0, double npu_per_month = 100000.0)
      : chips(test_support::make_chips({test_support::us_gpu(kUsa, gpu_per_month),
                                        test_support::china_npu(kChn, npu_per_month)},
                                       kMonths)),
        nations(test_support::make_nations(
            {test_support::usa(), test_support::china(), test_support::singapore_hub()})),
        params(test_support::market_params()) {
    params.import_substitution = true;  // the tests of the response turn it off
    params.leakage = {{"hubs", 0.10, 0.5, 0.10, true},
                      {"subsidiaries", 0.15, 0.2, 0.0, false},
                      {"grey_market", 0.05, 1.0, 0.20, false}};

    rules.reset(kChips, kNations, 1, kChannels);
    inventory.assign(kChips, 0.0);
  }

  void clear(std::size_t t = 0) {
    clear_market(t, kMonths, chips, nations, rules, params, inventory, ledger);
  }
  double delivered(std::size_t c, std::size_t n) const {
    return ledger.delivered[c * kNations + n];
  }
  double leaked(std::size_t c, std::size_t n) const { return ledger.leaked[c * kNations + n]; }
  double leak_units(std::size_t c, std::size_t n, std::size_t k) const {
    return ledger.leak_units[(c * kNations + n) * kChannels + k];
  }
  // The unnormalised logit weight of chip c for nation n with no tariff (the formula of the
  // header, written out by hand).
  double weight(std::size_t c, std::size_t n) const {
    const double lean = nations.lean[n];
    const double affinity =
        chips.origin[c] == Origin::kUs ? std::max(lean, 0.0) : std::max(-lean, 0.0);
    return std::exp(params.choice_beta * std::log(chips.perf_train[c] / chips.price[c] * 1e4) +
                    params.home_preference * affinity);
  }
};

void expect_conserved(const MiniMarket& m, const std::string& label) {
  for (std::size_t c = 0; c < kChips; ++c) {
    const double throughput = m.ledger.produced[c] + m.ledger.inventory_in[c];
    EXPECT_NEAR(conservation_residual(m.ledger, c, kNations), 0.0, kRelative * throughput)
        << label << ", chip " << c;
    EXPECT_GE(m.ledger.inventory_out[c], 0.0) << label;
    EXPECT_GE(m.ledger.seized[c], 0.0) << label;
    for (std::size_t n = 0; n < kNations; ++n) {
      EXPECT_GE(m.delivered(c, n), 0.0) << label;
      EXPECT_GE(m.leaked(c, n), 0.0) << label;
      EXPECT_LE(m.leaked(c, n), m.delivered(c, n)) << label;
    }
  }
}

struct RuleCase {
  std::string name;
  double gpu_per_month;
  std::function<void(TradeRules&)> set;
};

TEST(ChipMarket, ConservesChipsUnderEveryKindOfRule) {
  const std::vector<RuleCase> cases = {
      {"allow", 200000.0, [](TradeRules&) {}},
      {"licence", 200000.0,
       [](TradeRules& r) {
         r.at(kGpu, kChn) = {ExportAccess::kLicence, 0.25, 0.6, 0};
         r.cap_remaining[0] = 5000.0;
       }},
      {"ban", 200000.0,
       [](TradeRules& r) {
         r.at(kGpu, kChn) = {ExportAccess::kBan, 0, 0, -1};
       }},
      // 10,000 GPUs a month against a demand of tens of thousands: every buyer is rationed.
      {"rationing", 10000.0,
       [](TradeRules& r) {
         r.at(kGpu, kChn) = {ExportAccess::kBan, 0, 0, -1};
       }},
  };
  for (const RuleCase& rule_case : cases) {
    MiniMarket m(rule_case.gpu_per_month);
    rule_case.set(m.rules);
    for (std::size_t t = 0; t < kMonths; ++t) {
      m.clear(t);
      expect_conserved(m, rule_case.name + ", month " + std::to_string(t));
    }
    if (rule_case.name == "rationing") {
      // Demand exceeds supply: all of it ships, nothing is carried.
      EXPECT_EQ(m.ledger.inventory_out[kGpu], 0.0);
      EXPECT_GT(m.ledger.seized[kGpu], 0.0);
    } else {
      // Supply exceeds demand: the unsold chips are carried into the next month.
      EXPECT_GT(m.ledger.inventory_out[kGpu], 0.0) << rule_case.name;
      EXPECT_GT(m.ledger.inventory_in[kGpu], 0.0) << rule_case.name;
    }
  }
}

TEST(ChipMarket, RationingGivesEveryBuyerTheSameFraction) {
  MiniMarket ample;
  ample.clear();
  MiniMarket scarce(10000.0);
  scarce.clear();
  const double fill = scarce.delivered(kGpu, kUsa) / ample.delivered(kGpu, kUsa);
  EXPECT_LT(fill, 1.0);
  EXPECT_NEAR(scarce.delivered(kGpu, kSgp) / ample.delivered(kGpu, kSgp), fill, kRelative);
  EXPECT_NEAR(scarce.delivered(kGpu, kChn) / ample.delivered(kGpu, kChn), fill, kRelative);
}

TEST(ChipMarket, BannedDestinationReceivesOnlyLeakedChips) {
  MiniMarket m;
  m.rules.at(kGpu, kChn) = {ExportAccess::kBan, 0.0, 0.0, -1};
  m.clear();
  EXPECT_GT(m.leaked(kGpu, kChn), 0.0);
  EXPECT_EQ(m.delivered(kGpu, kChn), m.leaked(kGpu, kChn));
  EXPECT_EQ(m.ledger.licensed_h100e[kChn], 0.0);

  // By hand: China's GPU budget is budget * w_gpu / (w_gpu + w_npu); channel k serves rate_k of
  // it at price (1 + markup_k) and loses interdiction_k of what it carries.
  const double dollars = 1e9 * m.weight(kGpu, kChn) / (m.weight(kGpu, kChn) + m.weight(kNpu, kChn));
  double arriving = 0.0;
  for (std::size_t k = 0; k < kChannels; ++k) {
    const LeakageChannel& ch = m.params.leakage[k];
    const double units = dollars * ch.rate / (25000.0 * (1.0 + ch.markup));
    EXPECT_NEAR(m.leak_units(kGpu, kChn, k), units, kRelative * units) << ch.id;
    arriving += units * (1.0 - ch.interdiction);
  }
  EXPECT_NEAR(m.leaked(kGpu, kChn), arriving, kRelative * arriving);
  // The rest of the blocked budget is re-spent on the chip China may buy: the whole budget is
  // spent, on leaked GPUs (seized ones included) and domestic NPUs.
  EXPECT_NEAR(m.ledger.spent[kChn], 1e9, kRelative * 1e9);
}

TEST(ChipMarket, BanWithEveryChannelClosedDeliversNothing) {
  MiniMarket m;
  m.rules.at(kGpu, kChn) = {ExportAccess::kBan, 0.0, 0.0, -1};
  for (double& f : m.rules.leakage_factor) f = 0.0;
  m.clear();
  EXPECT_EQ(m.delivered(kGpu, kChn), 0.0);
  EXPECT_EQ(m.leaked(kGpu, kChn), 0.0);
  EXPECT_EQ(m.ledger.seized[kGpu], 0.0);
  EXPECT_GT(m.delivered(kGpu, kSgp), 0.0);  // others still buy
}

TEST(ChipMarket, ClosingOneChannelRemovesOnlyItsShare) {
  MiniMarket open;
  open.rules.at(kGpu, kChn) = {ExportAccess::kBan, 0.0, 0.0, -1};
  open.clear();
  for (std::size_t closed = 0; closed < kChannels; ++closed) {
    MiniMarket m;
    m.rules.at(kGpu, kChn) = {ExportAccess::kBan, 0.0, 0.0, -1};
    m.rules.leakage_factor[closed] = 0.0;
    m.clear();
    for (std::size_t k = 0; k < kChannels; ++k) {
      if (k == closed) {
        EXPECT_EQ(m.leak_units(kGpu, kChn, k), 0.0) << "closed " << closed;
      } else {
        EXPECT_EQ(m.leak_units(kGpu, kChn, k), open.leak_units(kGpu, kChn, k))
            << "closed " << closed << ", channel " << k;
      }
    }
    const double units = open.leak_units(kGpu, kChn, closed);
    const double interdiction = open.params.leakage[closed].interdiction;
    ASSERT_GT(units, 0.0);
    EXPECT_NEAR(open.leaked(kGpu, kChn) - m.leaked(kGpu, kChn), units * (1.0 - interdiction),
                kRelative * open.leaked(kGpu, kChn));
    EXPECT_NEAR(open.ledger.seized[kGpu] - m.ledger.seized[kGpu], units * interdiction,
                kRelative * open.leaked(kGpu, kChn));
  }
}

TEST(ChipMarket, ChannelsTogetherServeAtMostTheBlockedDemand) {
  // Factors of 5 ask the channels for 0.5 + 0.75 + 0.25 = 1.5 of the blocked demand: each is
  // scaled by 1 / 1.5, so together they serve all of it and no budget is spent twice.
  MiniMarket m;
  m.params.import_substitution = false;
  m.rules.at(kGpu, kChn) = {ExportAccess::kBan, 0.0, 0.0, -1};
  for (double& f : m.rules.leakage_factor) f = 5.0;
  m.clear();
  const double dollars = 1e9 * m.weight(kGpu, kChn) / (m.weight(kGpu, kChn) + m.weight(kNpu, kChn));
  for (std::size_t k = 0; k < kChannels; ++k) {
    const LeakageChannel& ch = m.params.leakage[k];
    const double units = dollars * (5.0 * ch.rate / 1.5) / (25000.0 * (1.0 + ch.markup));
    EXPECT_NEAR(m.leak_units(kGpu, kChn, k), units, kRelative * units) << ch.id;
  }
  EXPECT_NEAR(m.ledger.spent[kChn], 1e9, kRelative * 1e9);
  expect_conserved(m, "leakage above 1");
}

TEST(ChipMarket, HubChannelNeedsATransshipmentHub) {
  MiniMarket m;
  m.nations.hub = {0, 0, 0};
  m.rules.at(kGpu, kChn) = {ExportAccess::kBan, 0.0, 0.0, -1};
  m.clear();
  EXPECT_EQ(m.leak_units(kGpu, kChn, kHubs), 0.0);
  EXPECT_GT(m.leak_units(kGpu, kChn, 1), 0.0);
}

TEST(ChipMarket, LicenceTariffRaisesTheLandedPrice) {
  // Singapore may buy only the licensed GPU (its customs keeps the NPU out), so all it spends
  // buys GPUs at the landed price.
  for (const double tariff : {0.0, 0.25, 1.5}) {
    MiniMarket m;
    m.rules.at(kGpu, kSgp) = {ExportAccess::kLicence, tariff, 1.0, -1};
    m.rules.customs_block[kNpu * kNations + kSgp] = 1;
    m.clear();
    ASSERT_GT(m.delivered(kGpu, kSgp), 0.0);
    EXPECT_EQ(m.leaked(kGpu, kSgp), 0.0);
    const double landed = m.ledger.spent[kSgp] / m.delivered(kGpu, kSgp);
    EXPECT_NEAR(landed, 25000.0 * (1.0 + tariff), kRelative * landed) << "tariff " << tariff;
    EXPECT_NEAR(m.ledger.spent[kSgp], 2e8, kRelative * 2e8);
  }
}

TEST(ChipMarket, TariffShiftsDemandTowardOtherChips) {
  MiniMarket base;
  base.clear();
  MiniMarket taxed;
  taxed.rules.at(kGpu, kSgp) = {ExportAccess::kLicence, 0.5, 1.0, -1};
  taxed.clear();
  EXPECT_LT(taxed.delivered(kGpu, kSgp), base.delivered(kGpu, kSgp));
  EXPECT_GT(taxed.delivered(kNpu, kSgp), base.delivered(kNpu, kSgp));
}

TEST(ChipMarket, VolumeCapBindsExactlyAtTheCap) {
  // One cap shared by China and Singapore; the cap is far below their demand.
  auto capped = [](double cap) {
    MiniMarket m;
    m.rules.at(kGpu, kChn) = {ExportAccess::kLicence, 0.0, 1.0, 0};
    m.rules.at(kGpu, kSgp) = {ExportAccess::kLicence, 0.0, 1.0, 0};
    m.rules.cap_remaining[0] = cap;
    m.clear();
    return m;
  };
  const MiniMarket loose = capped(1e12);
  const double demand = loose.delivered(kGpu, kChn) + loose.delivered(kGpu, kSgp);
  EXPECT_NEAR(loose.ledger.cap_used[0], demand, kRelative * demand);
  ASSERT_GT(demand, 1000.0);

  const MiniMarket tight = capped(1000.0);
  EXPECT_NEAR(tight.ledger.cap_used[0], 1000.0, kRelative * 1000.0);
  EXPECT_NEAR(tight.delivered(kGpu, kChn) + tight.delivered(kGpu, kSgp), 1000.0,
              kRelative * 1000.0);
  // The cap scales every capped buyer by the same factor.
  EXPECT_NEAR(tight.delivered(kGpu, kChn) / tight.delivered(kGpu, kSgp),
              loose.delivered(kGpu, kChn) / loose.delivered(kGpu, kSgp), 1e-9);
  // Uncapped buyers are untouched.
  EXPECT_EQ(tight.delivered(kGpu, kUsa), loose.delivered(kGpu, kUsa));

  const MiniMarket spent = capped(0.0);
  EXPECT_EQ(spent.delivered(kGpu, kChn), 0.0);
  EXPECT_EQ(spent.ledger.cap_used[0], 0.0);
}

TEST(ChipMarket, CustomsBlockStopsImportsWhateverTheExporterAllows) {
  const std::vector<ExportTerms> exporter_terms = {
      {ExportAccess::kAllow, 0.0, 1.0, -1},
      {ExportAccess::kLicence, 0.1, 0.5, -1},
      {ExportAccess::kBan, 0.0, 0.0, -1},
  };
  for (const ExportTerms& terms : exporter_terms) {
    MiniMarket blocked;
    blocked.rules.at(kGpu, kChn) = terms;
    blocked.rules.customs_block[kGpu * kNations + kChn] = 1;
    blocked.clear();
    const int access = static_cast<int>(terms.access);
    EXPECT_EQ(blocked.delivered(kGpu, kChn), 0.0) << "access " << access;
    EXPECT_EQ(blocked.leaked(kGpu, kChn), 0.0) << "access " << access;
    for (std::size_t k = 0; k < kChannels; ++k) {
      EXPECT_EQ(blocked.leak_units(kGpu, kChn, k), 0.0) << "access " << access;
    }

    MiniMarket lifted;
    lifted.rules.at(kGpu, kChn) = terms;
    lifted.clear();
    EXPECT_GT(lifted.delivered(kGpu, kChn), 0.0) << "access " << access;
    // China's block does not change what others buy while supply is ample.
    EXPECT_EQ(blocked.delivered(kGpu, kUsa), lifted.delivered(kGpu, kUsa));
    // Its budget goes to the chip it lets in.
    EXPECT_GT(blocked.delivered(kNpu, kChn), lifted.delivered(kNpu, kChn));
  }
}

TEST(ChipMarket, CutOffNationBuysOnlyDomesticChips) {
  MiniMarket open;
  open.clear();
  MiniMarket cut;
  cut.rules.at(kGpu, kChn) = {ExportAccess::kBan, 0.0, 0.0, -1};
  for (double& f : cut.rules.leakage_factor) f = 0.0;
  cut.clear();

  EXPECT_GT(open.delivered(kGpu, kChn), 0.0);
  EXPECT_EQ(cut.delivered(kGpu, kChn), 0.0);
  EXPECT_EQ(cut.ledger.licensed_h100e[kChn], 0.0);
  EXPECT_EQ(cut.ledger.leaked_h100e[kChn], 0.0);
  EXPECT_GT(cut.delivered(kNpu, kChn), open.delivered(kNpu, kChn));
  EXPECT_GT(cut.ledger.domestic_h100e[kChn], open.ledger.domestic_h100e[kChn]);
  // The whole budget buys NPUs at list price.
  EXPECT_NEAR(cut.delivered(kNpu, kChn), 1e9 / 20000.0, kRelative * 5e4);
  EXPECT_NEAR(cut.ledger.domestic_h100e[kChn], 0.6 * 1e9 / 20000.0, kRelative * 3e4);
  EXPECT_NEAR(cut.ledger.spent[kChn], 1e9, kRelative * 1e9);
}

TEST(ChipMarket, WithoutImportSubstitutionBlockedBudgetIsUnspent) {
  MiniMarket m;
  m.params.import_substitution = false;
  m.rules.at(kGpu, kChn) = {ExportAccess::kBan, 0.0, 0.0, -1};
  m.clear();
  MiniMarket open;
  open.clear();
  // China's GPU budget is blocked; the leaked part is spent, the rest (1 - 0.30 of it) is not,
  // and its NPU purchases are what they would be without the ban.
  const double share = m.weight(kGpu, kChn) / (m.weight(kGpu, kChn) + m.weight(kNpu, kChn));
  EXPECT_NEAR(m.ledger.blocked_share[kChn], share, kRelative);
  EXPECT_EQ(m.ledger.blocked_share[kUsa], 0.0);
  EXPECT_EQ(m.ledger.blocked_share[kSgp], 0.0);
  EXPECT_NEAR(m.ledger.spent[kChn], 1e9 * (1.0 - share * (1.0 - 0.30)), kRelative * 1e9);
  EXPECT_NEAR(m.delivered(kNpu, kChn), open.delivered(kNpu, kChn),
              kRelative * open.delivered(kNpu, kChn));
  // With the response on, the unspent part buys NPUs instead.
  MiniMarket substituting;
  substituting.rules.at(kGpu, kChn) = {ExportAccess::kBan, 0.0, 0.0, -1};
  substituting.clear();
  EXPECT_GT(substituting.delivered(kNpu, kChn), m.delivered(kNpu, kChn));
  EXPECT_EQ(substituting.ledger.blocked_share[kChn], m.ledger.blocked_share[kChn]);
}

TEST(ChipMarket, CapacityFactorScalesProduction) {
  MiniMarket m;
  m.rules.capacity_factor[kNpu] = 0.5;
  m.clear();
  EXPECT_EQ(m.ledger.produced[kNpu], 0.5 * 100000.0);
  EXPECT_EQ(m.ledger.produced[kGpu], 200000.0);
  expect_conserved(m, "capacity factor");
}

TEST(ChipMarket, ExportRulesDoNotApplyAtHome) {
  // A ban naming the maker's own nation does not stop domestic sales.
  MiniMarket m;
  m.rules.at(kGpu, kUsa) = {ExportAccess::kBan, 0.0, 0.0, -1};
  m.clear();
  EXPECT_GT(m.delivered(kGpu, kUsa), 0.0);
  EXPECT_EQ(m.leaked(kGpu, kUsa), 0.0);
}

}  // namespace
}  // namespace blocsim
