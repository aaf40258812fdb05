#pragma once
// The subcommands of `blocsim`. Each registers itself on the CLI11 app and returns the exit status
// of its run: 0 success, 1 a failure while running, 2 bad input (nothing is written).

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace blocsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInterrupted = 130;  // stopped by Ctrl-C; the shell's convention

// A registered subcommand and what to do when it is chosen.
struct Subcommand {
  CLI::App* app;
  std::function<int()> run;
};

// What every command may record about the invocation (for provenance).
struct Invocation {
  std::string command_line;
};

Subcommand add_run_command(CLI::App& app, const Invocation& invocation);
Subcommand add_plot_command(CLI::App& app);
Subcommand add_compare_command(CLI::App& app, const Invocation& invocation);
Subcommand add_validate_command(CLI::App& app);
Subcommand add_scenarios_command(CLI::App& app);
Subcommand add_report_command(CLI::App& app);
Subcommand add_bench_command(CLI::App& app);
Subcommand add_metrics_command(CLI::App& app);
Subcommand add_info_command(CLI::App& app);
Subcommand add_export_command(CLI::App& app);

}  // namespace blocsim::cli
