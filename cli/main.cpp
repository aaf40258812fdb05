// blocsim: the command line. Subcommands live one per file (run_command.cpp, ...).

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "blocsim/core/process_group.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace blocsim::cli;
  // Under mpirun every process runs this same program; ranks other than 0 stay quiet.
  const blocsim::ProcessGroup processes(&argc, &argv);
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);

  CLI::App app{
      "blocsim: an agent-based model of how AI chips and AI models spread between a US-led and a "
      "China-led bloc, and what export controls and customs rules do to it.\n"
      "Each run draws many Monte Carlo replicas of a scenario and exports distributions of "
      "adoption, compute and bipolarity as Protocol Buffers (docs/OUTPUT.md).",
      "blocsim"};
  app.set_version_flag("--version", "blocsim " BLOCSIM_VERSION " (" BLOCSIM_BUILD_TYPE ")");
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  blocsim run                              run the built-in baseline, write results.pb\n"
      "  blocsim run --replicas 50 --seed 7       fewer replicas, another seed\n"
      "  blocsim run my.textproto -o my.json      a scenario file, results as JSON\n"
      "  blocsim compare baseline my.textproto    paired differences, common random numbers\n"
      "  blocsim compare baseline baseline --set-b market.leakage.hubs.rate=0.1\n"
      "                                           the baseline against itself with one change\n"
      "  blocsim scenarios                        the built-in scenarios and their questions\n"
      "  blocsim validate my.textproto            every problem in a scenario, with its line\n"
      "  blocsim plot results.pb --out figures/   fan charts, histograms, regimes\n"
      "  blocsim report results.pb --out r.html   one self-contained HTML page\n"
      "  blocsim bench --workload medium --json   throughput, memory and time by phase\n"
      "  blocsim metrics                          the metrics a run exports, with their units\n"
      "  blocsim export results.pb > results.csv  one row per number, for pandas or R\n"
      "Run 'blocsim SUBCOMMAND --help' for each subcommand's options.");

  const Invocation invocation{command_line};
  const std::vector<Subcommand> commands = {
      add_run_command(app, invocation),
      add_compare_command(app, invocation),
      add_validate_command(app),
      add_scenarios_command(app),
      add_plot_command(app),
      add_report_command(app),
      add_bench_command(app),
      add_metrics_command(app),
      add_info_command(app),
      add_export_command(app),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);
    return status == 0 ? kExitOk : kExitBadInput;
  }
  for (const auto& command : commands) {
    if (command.app->parsed()) {
      try {
        return command.run();
      } catch (const blocsim::ScenarioError& e) {
        std::fprintf(stderr, "blocsim: error: the scenario is not valid:\n%s\n", e.what());
        return kExitBadInput;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "blocsim: error: %s\n", e.what());
        return kExitFailure;
      }
    }
  }
  return kExitOk;
}
