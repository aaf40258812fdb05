// blocsim validate / blocsim scenarios: check scenario files, list and show the built-in ones.

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "blocsim/scenarios/embedded_library.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "commands.hpp"

namespace blocsim::cli {

Subcommand add_validate_command(CLI::App& app) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto overrides = std::make_shared<std::vector<std::string>>();
  CLI::App* validate = app.add_subcommand(
      "validate", "Check scenario files and report every problem found, with its line.");
  validate->add_option("scenarios", *files, "Scenario files (.textproto) or built-in names")
      ->required();
  validate->add_option("--set", *overrides, "Override a field before checking, PATH=VALUE");
  validate->footer(
      "Each problem is printed as file:line:column: field: what is wrong and what is allowed.\n"
      "Exit status: 0 when every scenario is valid, 2 when any is not.\n"
      "Examples:\n"
      "  blocsim validate my.textproto\n"
      "  blocsim validate scenarios/library/*.textproto");
  return {
      validate, [files, overrides]() {
        int status = kExitOk;
        for (const auto& file : *files) {
          try {
            const LoadedScenario loaded = load_scenario(file, *overrides);
            std::printf("%s: valid (%s: %d nations, %d labs, %d chips, %d events, %s to %s)\n",
                        file.c_str(), loaded.scenario.name().c_str(),
                        loaded.scenario.nations_size(), loaded.scenario.labs_size(),
                        loaded.scenario.chips_size(), loaded.scenario.events_size(),
                        loaded.scenario.run().start().c_str(), loaded.scenario.run().end().c_str());
          } catch (const ScenarioError& e) {
            std::fprintf(stderr, "%s\n", e.what());
            // A file that cannot be found or read has one problem, already said in full with
            // its name; the count is for files with problems in their text.
            const auto& d = e.diagnostics();
            const bool whole_file = d.size() == 1 && d.front().line == 0 && d.front().field.empty();
            if (!whole_file) {
              std::fprintf(stderr, "%s: %zu problem%s\n", file.c_str(), d.size(),
                           d.size() == 1 ? "" : "s");
            }
            status = kExitBadInput;
          }
        }
        return status;
      }};
}

Subcommand add_scenarios_command(CLI::App& app) {
  auto name = std::make_shared<std::string>();
  CLI::App* scenarios = app.add_subcommand(
      "scenarios", "List the built-in scenarios, or print one to copy and edit.");
  CLI::App* show = scenarios->add_subcommand("show", "Print a built-in scenario's file");
  show->add_option("name", *name, "A built-in scenario's name")->required();
  scenarios->footer(
      "Examples:\n"
      "  blocsim scenarios                         the list, with each one's question\n"
      "  blocsim scenarios show baseline > my.textproto\n"
      "A file that begins with `extends: \"baseline\"` needs only the fields it changes.");
  return {scenarios, [name, show]() {
            if (show->parsed()) {
              for (const auto& builtin : embedded_scenarios()) {
                if (builtin.name == *name) {
                  std::fwrite(builtin.text.data(), 1, builtin.text.size(), stdout);
                  return kExitOk;
                }
              }
              std::fprintf(stderr,
                           "blocsim: error: '%s' is not a built-in scenario; `blocsim "
                           "scenarios` lists them\n",
                           name->c_str());
              return kExitBadInput;
            }
            for (const auto& builtin : embedded_scenarios()) {
              const LoadedScenario loaded = load_scenario(std::string(builtin.name));
              std::printf("%-28s %s\n", std::string(builtin.name).c_str(),
                          loaded.scenario.description().c_str());
            }
            return kExitOk;
          }};
}

}  // namespace blocsim::cli
