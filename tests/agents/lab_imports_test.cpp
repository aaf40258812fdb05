// A lab cut off from imports keeps only domestic chips: the chip market, the compute stocks and
// the labs composed as in the monthly step (docs/MODEL.md, "The monthly step"), in a hand-built
// world where every chip China could import is banned or blocked.

#include <gtest/gtest.h>

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "blocsim/agents/chip_market.hpp"
#include "blocsim/agents/compute_stock.hpp"
#include "blocsim/agents/lab_dynamics.hpp"
#include "support/small_world.hpp"

namespace blocsim {
namespace {

// Three nations, each making one chip: a US GPU, a Korean accelerator and a Chinese NPU. China's
// lab trains on 40% of China's usable compute. Supply is ample (a million of each chip a month,
// several times what all budgets buy), so one buyer's rules never ration another; power never
// binds (1e12 H100e per GW).
constexpr std::size_t kUsa = 0;
constexpr std::size_t kChn = 1;
constexpr std::size_t kKor = 2;
constexpr std::size_t kNations = 3;
constexpr std::size_t kGpu = 0;
constexpr std::size_t kKorChip = 1;
constexpr std::size_t kNpu = 2;
constexpr std::size_t kChips = 3;
constexpr std::size_t kMonths = 6;
constexpr std::size_t kChinaLab = 1;
constexpr double kChinaShare = 0.4;
// Sums and products of a handful of positive terms per month: 1e-12 relative is far above rounding.
constexpr double kRelative = 1e-12;

enum class CutOff { kNone, kExportBans, kCustomsBlocks };

void PrintTo(CutOff cut, std::ostream* out) {
  *out << (cut == CutOff::kExportBans      ? "export bans"
           : cut == CutOff::kCustomsBlocks ? "customs blocks"
                                           : "none");
}

struct LabWorld {
  Chips chips;
  Nations nations;
  Labs labs;
  MarketParams market;
  ComputeParams compute{24.0, 1e12, 0.0};
  LabParams lab;
  TradeRules rules;
  std::vector<double> inventory;
  MarketLedger ledger;
  std::vector<double> usable;

  explicit LabWorld(CutOff cut)
      : chips(test_support::make_chips(
            {test_support::us_gpu(kUsa, 1e6),
             {"korchip", "kormaker", kKor, Origin::kOther, 0.8, 0.8, 22000.0, 1e6},
             test_support::china_npu(kChn, 1e6)},
            kMonths)),
        nations(test_support::make_nations(
            {test_support::usa(),
             test_support::china(),
             {"KOR", 1.7, 34000.0, 1.0, 0.0, 3e8, 0.2, 0.5e6, 0.6, 1.0e5, false, Origin::kOther}})),
        // Low qualities, so that every monthly release raises them.
        labs(test_support::make_labs(
            {{"uslab", kUsa, Origin::kUs, false, 0.5, 1.0, 20.0, 10.0, 1.0},
             {"cnlab", kChn, Origin::kChina, true, kChinaShare, 1.0, 5.0, 1.0, 1.0}})),
        market(test_support::market_params()),
        lab(test_support::lab_params()) {
    nations.energy_growth = {0.0, 0.0, 0.0};
    market.import_substitution = true;
    market.leakage = {{"grey_market", 0.05, 1.0, 0.2, false}};
    lab.compute_for_quality_100 = 1e6;
    // Releases come from the lab's own compute alone here: nothing to learn from others.
    lab.distillation_margin = 0.0;
    lab.open_weight_margin = 0.0;

    rules.reset(kChips, kNations, 1, market.leakage.size());
    for (const std::size_t c : {kGpu, kKorChip}) {
      if (cut == CutOff::kExportBans) rules.at(c, kChn) = {ExportAccess::kBan, 0.0, 0.0, -1};
      if (cut == CutOff::kCustomsBlocks) rules.customs_block[c * kNations + kChn] = 1;
    }
    // Cut off means cut off: no smuggling either.
    if (cut != CutOff::kNone) rules.leakage_factor.assign(rules.leakage_factor.size(), 0.0);
    inventory.assign(kChips, 0.0);
  }

  double delivered(std::size_t c, std::size_t n) const {
    return ledger.delivered[c * kNations + n];
  }
  // The Chinese lab's training compute, H100e.
  double china_lab_compute() const { return kChinaShare * usable[kChn]; }

  void step(std::size_t t) {
    clear_market(t, kMonths, chips, nations, rules, market, inventory, ledger);
    update_compute(t, chips, ledger, compute, {0.0, 0.0, 0.0}, nations, usable);
    step_labs(t, ReplicaKey::make(7, 0), lab, usable, labs);
  }
};

class LabCutOffFromImports : public ::testing::TestWithParam<CutOff> {};

TEST_P(LabCutOffFromImports, GainsComputeOnlyFromDomesticChips) {
  LabWorld world(GetParam());
  const double survival = survival_per_month(world.compute.half_life_months);
  // China's stock as it must evolve when only the NPU arrives, and the lab's compute from it.
  double expected_stock = world.nations.stock[kChn];
  double domestic_gained = 0.0;
  for (std::size_t t = 0; t < kMonths; ++t) {
    const double quality_before = world.labs.quality[kChinaLab];
    const double compute_before = kChinaShare * expected_stock;
    world.step(t);
    const std::string month = "month " + std::to_string(t);

    // No foreign chip arrives, by any channel.
    EXPECT_EQ(world.delivered(kGpu, kChn), 0.0) << month;
    EXPECT_EQ(world.delivered(kKorChip, kChn), 0.0) << month;
    EXPECT_EQ(world.ledger.licensed_h100e[kChn], 0.0) << month;
    EXPECT_EQ(world.ledger.leaked_h100e[kChn], 0.0) << month;
    // China still buys its own chips (its whole budget, through import substitution).
    ASSERT_GT(world.delivered(kNpu, kChn), 0.0) << month;
    EXPECT_NEAR(world.ledger.domestic_h100e[kChn], 0.6 * world.delivered(kNpu, kChn),
                kRelative * world.ledger.domestic_h100e[kChn])
        << month;

    // The lab's compute is its share of the old stock, aged, plus its share of the NPUs.
    expected_stock = expected_stock * survival + 0.6 * world.delivered(kNpu, kChn);
    EXPECT_NEAR(world.china_lab_compute(), kChinaShare * expected_stock,
                kRelative * kChinaShare * expected_stock)
        << month;
    const double gained = world.china_lab_compute() - survival * compute_before;
    EXPECT_NEAR(gained, kChinaShare * world.ledger.domestic_h100e[kChn],
                kRelative * world.china_lab_compute())
        << month;
    domestic_gained += gained;

    // Its release is trained on that compute and nothing else.
    EXPECT_NEAR(
        world.labs.quality[kChinaLab],
        quality_of(kChinaShare * expected_stock * world.labs.efficiency[kChinaLab], world.lab),
        1e-10)
        << month;
    EXPECT_GT(world.labs.quality[kChinaLab], quality_before) << month;
  }
  EXPECT_GT(domestic_gained, 0.0);
}

TEST_P(LabCutOffFromImports, OpenImportsWouldHaveAddedForeignChips) {
  // The contrast that makes the test above mean something: the same world without the cut-off
  // delivers foreign chips to China, and China's lab gains more than its share of the NPUs.
  LabWorld open(CutOff::kNone);
  LabWorld cut(GetParam());
  for (std::size_t t = 0; t < kMonths; ++t) {
    const double open_before = open.nations.stock[kChn];
    open.step(t);
    cut.step(t);
    EXPECT_GT(open.delivered(kGpu, kChn) + open.delivered(kKorChip, kChn), 0.0);
    const double survival = survival_per_month(open.compute.half_life_months);
    const double open_gained = kChinaShare * (open.nations.stock[kChn] - survival * open_before);
    EXPECT_GT(open_gained, kChinaShare * open.ledger.domestic_h100e[kChn] * (1.0 + 1e-6));
  }
  EXPECT_GT(open.china_lab_compute(), cut.china_lab_compute());
  // The US lab, which imports nothing, is not affected by China's cut-off.
  EXPECT_DOUBLE_EQ(open.usable[kUsa], cut.usable[kUsa]);
}

std::string cut_off_name(const ::testing::TestParamInfo<CutOff>& param) {
  return param.param == CutOff::kExportBans ? "ExportBans" : "CustomsBlocks";
}

INSTANTIATE_TEST_SUITE_P(Rules, LabCutOffFromImports,
                         ::testing::Values(CutOff::kExportBans, CutOff::kCustomsBlocks),
                         cut_off_name);

}  // namespace
}  // namespace blocsim
