#include "blocsim/scenarios/metrics_catalog.hpp"

#include "blocsim/policies/policy_schedule.hpp"

namespace blocsim {

std::vector<MetricDef> metric_catalog(const v1::Scenario& s) {
  std::vector<MetricDef> m(kFixedMetrics);
  const auto share = [](std::string name, std::string description) {
    return MetricDef{std::move(name), "share", std::move(description), 0.0, 1.0};
  };
  const auto probability = [](std::string name, std::string description) {
    return MetricDef{std::move(name), "probability", std::move(description), 0.0, 1.0};
  };
  m[kAdoptionUs] =
      share("adoption.world.origin.us", "Share of the world's developers on models of US labs");
  m[kAdoptionChina] = share("adoption.world.origin.china",
                            "Share of the world's developers on models of Chinese labs");
  m[kAdoptionOther] =
      share("adoption.world.origin.other",
            "Share of the world's developers on models of labs outside the USA and China");
  m[kAdoptionOpen] =
      share("adoption.world.open_weight", "Share of the world's developers on open-weight models");
  m[kAdoptionChinaOutsideChina] =
      share("adoption.outside_china.origin.china",
            "Share of developers outside China on models of Chinese labs");
  m[kStockBlocUs] = {
      "compute.stock.bloc.us", "H100e",
      "AI compute of the US-led bloc: nations' stocks weighted by their lean toward the USA"};
  m[kStockBlocChina] = {
      "compute.stock.bloc.china", "H100e",
      "AI compute of the China-led bloc: nations' stocks weighted by their lean toward China"};
  m[kStockWorld] = {"compute.stock.world", "H100e", "World AI compute stock"};
  m[kShareUs] = share("compute.share.us", "The USA's share of world AI compute");
  m[kShareChina] = share("compute.share.china", "China's share of world AI compute");
  m[kComputeRatio] = {"compute.ratio.us_over_china", "ratio",
                      "US AI compute over Chinese AI compute"};
  m[kFrontierUs] = {"quality.frontier.us", "quality index", "Quality of the best US model (0-100)",
                    0.0, 100.0};
  m[kFrontierChina] = {"quality.frontier.china", "quality index",
                       "Quality of the best Chinese model (0-100)", 0.0, 100.0};
  m[kQualityGap] = {"quality.gap", "share",
                    "Relative quality gap of the best models: (US - China) / US"};
  m[kPriceRatio] = {"price.ratio.us_over_china", "ratio",
                    "Price of the cheapest US model over the cheapest Chinese model, both within "
                    "3% of the weaker bloc's best model"};
  m[kChinaLicensed] = {"chips.china.licensed", "H100e/month",
                       "Foreign chips reaching China legally (allowed or licensed)"};
  m[kChinaLeaked] = {
      "chips.china.leaked", "H100e/month",
      "Chips reaching China through leakage channels (hubs, subsidiaries, grey market)"};
  m[kChinaDomestic] = {"chips.china.domestic", "H100e/month",
                       "Chinese-made chips delivered in China"};
  m[kBipolarity] =
      share("bipolarity.index",
            "Bipolarity B = 4 s_US s_CN of GDP-weighted alignment (1: two equal blocs)");
  m[kBipolarityCoverage] =
      share("bipolarity.coverage", "GDP share aligned with either bloc, s_US + s_CN");
  m[kBipolarityBalance] =
      share("bipolarity.balance", "Balance of the two blocs, 1 - |s_US - s_CN| / (s_US + s_CN)");
  m[kRegimeUsLed] =
      probability("regime.us_led", "The US leads decisively in compute, quality and adoption");
  m[kRegimeChinaLed] =
      probability("regime.china_led", "China leads decisively in compute, quality and adoption");
  m[kRegimeSymmetric] = probability("regime.symmetric_bipolar",
                                    "Neither leads decisively, and one bloc is ahead in capability "
                                    "and open-weight adoption alike");
  m[kRegimeAsymmetric] = probability(
      "regime.asymmetric_bipolar",
      "One bloc leads compute and frontier quality while the other leads open-weight adoption");
  m[kChipsUnaccounted] = {
      "chips.unaccounted", "chips",
      "Chips produced but neither delivered, seized nor stocked (0 when chips are conserved)"};
  m[kAdoptionAdopted] =
      share("adoption.world.adopted",
            "Share of the world's developers on some model (1 under the logit rule; the other "
            "rules start from seeds); every adoption share is a share of all developers");
  for (const auto& n : s.nations()) {
    m.push_back(share("adoption.nation." + n.id() + ".origin.china",
                      "Share of " + n.name() + "'s developers on models of Chinese labs"));
  }
  for (const auto& n : s.nations()) {
    m.push_back({"alignment.nation." + n.id(), "lean",
                 "Alignment of " + n.name() + " (-1 China-led bloc, +1 US-led bloc)", -1.0, 1.0});
  }
  for (const auto& l : s.labs()) {
    m.push_back(share("adoption.world.lab." + l.id(),
                      "Share of the world's developers on " + l.name() + "'s model"));
  }
  for (const auto& l : s.labs()) {
    m.push_back({"quality.lab." + l.id(), "quality index",
                 "Quality of " + l.name() + "'s released model", 0.0, 100.0});
  }
  for (const auto& l : s.labs()) {
    m.push_back({"price.lab." + l.id(), "USD per 1M tokens",
                 "Blended price of " + l.name() + "'s model (3 input : 1 output tokens)"});
  }
  for (const auto& name : PolicySchedule::counter_names(s)) {
    m.push_back(
        {"policy.fired." + name, "count",
         "Times " + name + " has fired in a replica so far (its mean is the expected count)"});
  }
  return m;
}

}  // namespace blocsim
