// blocsim metrics: the metrics a run exports, from the registry (metrics_catalog.hpp).

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "blocsim/scenarios/metrics_catalog.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "commands.hpp"

namespace blocsim::cli {

Subcommand add_metrics_command(CLI::App& app) {
  auto scenario = std::make_shared<std::string>("baseline");
  auto overrides = std::make_shared<std::vector<std::string>>();
  auto markdown = std::make_shared<bool>(false);
  CLI::App* metrics = app.add_subcommand(
      "metrics", "List the metrics a run of a scenario exports, in the results file's order.");
  metrics->add_option("scenario", *scenario, "Scenario file (.textproto) or built-in name")
      ->capture_default_str();
  metrics->add_option("--set", *overrides, "Override a field before listing, PATH=VALUE");
  metrics->add_flag("--markdown", *markdown,
                    "Print the registry as docs/OUTPUT.md's metric table (families as patterns)");
  metrics->footer(
      "Each line: position, name, unit, description. Families (one metric per nation, lab or\n"
      "thing that fires) are listed once per member of the scenario.\n"
      "Examples:\n"
      "  blocsim metrics                       the baseline's metrics\n"
      "  blocsim metrics my.textproto\n"
      "  blocsim metrics --markdown            the table of docs/OUTPUT.md");
  return {metrics, [scenario, overrides, markdown]() {
            if (*markdown) {
              std::fputs(metric_table_markdown().c_str(), stdout);
              return kExitOk;
            }
            const LoadedScenario loaded = load_scenario(*scenario, *overrides);
            const std::vector<MetricDef> catalog = metric_catalog(loaded.scenario);
            for (std::size_t m = 0; m < catalog.size(); ++m) {
              std::printf("%4zu  %-44s %-18s %s\n", m, catalog[m].name.c_str(),
                          catalog[m].unit.c_str(), catalog[m].description.c_str());
            }
            return kExitOk;
          }};
}

}  // namespace blocsim::cli
