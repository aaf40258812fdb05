#include "blocsim/scenarios/metrics_catalog.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "blocsim/scenarios/simulation.hpp"
#include "scenario_test_support.hpp"

namespace blocsim {
namespace {

using test_support::small_baseline;

TEST(MetricRegistry, EveryEntryIsComplete) {
  std::set<std::string> names;
  for (const MetricEntry* e : metric_registry()) {
    SCOPED_TRACE(std::string(e->name));
    EXPECT_TRUE(names.insert(std::string(e->name)).second) << "registered twice";
    EXPECT_FALSE(e->unit.empty());
    EXPECT_FALSE(e->description.empty());
    EXPECT_NE(e->read, nullptr);
    // A family names its members by id; a single metric has no placeholder.
    EXPECT_EQ(e->name.find("{id}") != std::string_view::npos, e->over != MetricOver::kWorld);
  }
}

TEST(MetricRegistry, CatalogueExpandsFamiliesInTheScenariosOrder) {
  const v1::Scenario s = small_baseline();
  const std::vector<MetricDef> catalog = metric_catalog(s);
  const Simulation sim(s, 1, 0);
  const std::size_t N = static_cast<std::size_t>(s.nations_size());
  const std::size_t L = static_cast<std::size_t>(s.labs_size());
  const std::size_t K = sim.schedule().counters().size();
  // The readers the step uses are the catalogue's metrics, one for one.
  ASSERT_EQ(sim.metrics().size(), catalog.size());
  ASSERT_EQ(metric_readers({N, L, K}).size(), catalog.size());
  std::size_t world = 0;
  for (const MetricEntry* e : metric_registry()) world += e->over == MetricOver::kWorld;
  EXPECT_EQ(catalog.size(), world + 3 * N + 4 * L + K);

  const std::size_t first =
      metric_index(catalog, "adoption.nation." + s.nations(0).id() + ".origin.china");
  for (std::size_t n = 0; n < N; ++n) {
    EXPECT_EQ(catalog[first + n].name,
              "adoption.nation." + s.nations(static_cast<int>(n)).id() + ".origin.china");
    EXPECT_EQ(catalog[first + N + n].name,
              "alignment.nation." + s.nations(static_cast<int>(n)).id());
  }
  const MetricDef& lab = catalog[metric_index(catalog, "price.lab." + s.labs(0).id())];
  EXPECT_EQ(lab.unit, "USD per 1M tokens");
  EXPECT_NE(lab.description.find(s.labs(0).name()), std::string::npos) << lab.description;
  EXPECT_EQ(lab.description.find('{'), std::string::npos) << lab.description;
  EXPECT_THROW(metric_index(catalog, "no.such.metric"), std::out_of_range);
}

TEST(MetricRegistry, HeadlineAndDocsTableComeFromTheEntries) {
  EXPECT_EQ(
      headline_metric_names(),
      (std::vector<std::string>{
          "adoption.world.origin.us", "adoption.world.origin.china", "adoption.world.open_weight",
          "compute.share.china", "compute.ratio.us_over_china", "quality.gap",
          "price.ratio.us_over_china", "bipolarity.index", "regime.asymmetric_bipolar"}));
  const std::string table = metric_table_markdown();
  for (const MetricEntry* e : metric_registry()) {
    EXPECT_NE(table.find(std::string(e->unit)), std::string::npos) << e->name;
  }
  EXPECT_NE(table.find("| 0 | `adoption.world.origin.us` | share |"), std::string::npos);
  EXPECT_NE(table.find("| 27 + N | `alignment.nation.<ISO3>` | lean |"), std::string::npos);
  // A '|' inside a description is escaped, so the row keeps its four cells.
  EXPECT_NE(table.find("1 - \\|s_US - s_CN\\|"), std::string::npos);
}

// The world's share on Chinese open-weight models is the sum of those labs' world shares, each
// month (open weights may change with a release), and it comes after the families.
TEST(MetricRegistry, WorldShareOnChineseOpenWeightModelsSumsThoseLabs) {
  const v1::Scenario s = small_baseline();
  const std::vector<MetricDef> catalog = metric_catalog(s);
  const std::size_t id = metric_index(catalog, "adoption.world.origin.china.open_weight");
  ASSERT_LT(id + 1, catalog.size());
  EXPECT_EQ(catalog[id + 1].name, "bipolarity.adoption");  // the next one added
  Simulation sim(s, s.run().seed(), 0);
  double largest = 0.0;
  while (sim.step()) {
    const std::size_t t = sim.month() - 1;
    const Labs& labs = sim.world().labs;
    double by_hand = 0.0;
    for (std::size_t j = 0; j < labs.size(); ++j) {
      if (labs.origin[j] == Origin::kChina && labs.open[j]) {
        by_hand += sim.metric(metric_index(catalog, "adoption.world.lab." + labs.id[j]), t);
      }
    }
    EXPECT_EQ(sim.metric(id, t), by_hand) << "month " << t;
    EXPECT_LE(sim.metric(id, t),
              sim.metric(metric_index(catalog, "adoption.world.open_weight"), t));
    largest = std::max(largest, by_hand);
  }
  EXPECT_GT(largest, 0.0);  // the baseline has Chinese open-weight labs with users
}

}  // namespace
}  // namespace blocsim
