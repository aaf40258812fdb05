// blocsim run: run a scenario's replicas and write the results.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>

#include <tbb/info.h>

#include "blocsim/core/process_group.hpp"
#include "blocsim/core/replica_journal.hpp"
#include "blocsim/core/results_io.hpp"
#include "blocsim/scenarios/memory_estimate.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"
#include "blocsim/scenarios/replica_set.hpp"
#include "blocsim/scenarios/run_scenario.hpp"
#include "commands.hpp"
#include "headline_table.hpp"
#include "interrupt.hpp"
#include "output_check.hpp"
#include "progress_bar.hpp"
#include "provenance.hpp"

namespace blocsim::cli {

namespace {

struct RunArgs {
  std::string scenario = "baseline";
  std::uint32_t replicas = 0;
  std::uint64_t seed = 0;
  std::uint32_t threads = 0;
  std::string output = "results.pb";
  bool quiet = false;
  bool per_replica = false;
  bool resume = false;
  bool force = false;
  std::vector<std::string> overrides;
  std::vector<std::string> metrics;  // --metric patterns for the end table
  std::vector<std::string> dates;    // --dates: the end table's months
};

const char* plural(std::uint32_t n) {
  return n == 1 ? "" : "s";
}

}  // namespace

Subcommand add_run_command(CLI::App& app, const Invocation& invocation) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* run = app.add_subcommand(
      "run", "Run a scenario's Monte Carlo replicas and write their distributions.");
  run->add_option("scenario", args->scenario,
                  "Scenario file (.textproto) or built-in name; default: the built-in baseline");
  run->add_option("-r,--replicas", args->replicas,
                  "Replicas to run (default: the scenario's run.replicas)")
      ->check(CLI::Range(1u, 10'000'000u));
  auto* seed =
      run->add_option("-s,--seed", args->seed, "Master seed (default: the scenario's run.seed)")
          ->check(SeedValidator());
  run->add_option("-t,--threads", args->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  run->add_option("-o,--output", args->output,
                  "Results file; .json writes JSON, anything else binary protobuf")
      ->capture_default_str();
  run->add_flag("-q,--quiet", args->quiet, "No progress bar and no summary table");
  run->add_option("--set", args->overrides,
                  "Override a scenario field, PATH=VALUE (repeatable), e.g.\n"
                  "market.leakage.hubs.rate=0.1 or labs.deepseek.price_input=0.05;\n"
                  "recorded in the results");
  run->add_flag("--resume", args->resume,
                "Continue an interrupted run from its journal (OUTPUT.journal): only the missing\n"
                "replicas run, and the results equal an uninterrupted run's");
  run->add_option("--dates", args->dates,
                  "Months for the end table, YYYY-MM (repeatable; default: the first month, each\n"
                  "December and the last), e.g. --dates 2026-06 --dates 2030-12");
  run->add_option("--metric", args->metrics,
                  "A metric for the end table instead of the headline ones (repeatable; * and ?\n"
                  "as in a shell), e.g. --metric chips.china.licensed --metric 'regime.*'");
  run->add_flag("--force", args->force,
                "Run even when the memory estimate exceeds what the machine has available");
  run->add_flag("--per-replica", args->per_replica,
                "Also export every replica's series (large: replicas x metrics x months)");
  run->footer(
      "Examples:\n"
      "  blocsim run                                 the baseline, 200 replicas, results.pb\n"
      "  blocsim run --replicas 1000 --threads 2     more replicas on two cores\n"
      "  blocsim run scenario.textproto -o out.json  a scenario file, JSON output\n"
      "  blocsim run --set market.leakage.hubs.rate=0.2   wider smuggling through hubs\n"
      "The same scenario and seed give the same results on any number of threads or processes\n"
      "(mpirun -np K blocsim run ... splits the replicas; docs/CLUSTER.md). While it runs, the\n"
      "finished replicas are kept in OUTPUT.journal; after Ctrl-C or a crash, run the same\n"
      "command with --resume.");

  return {run, [args, seed, invocation]() {
            namespace fs = std::filesystem;
            const auto started = std::chrono::steady_clock::now();
            const std::string started_at = utc_now();
            // Bad input is found before any work: the scenario, then the output's folder.
            const LoadedScenario loaded = load_scenario(args->scenario, args->overrides);
            std::vector<std::string> table_metrics;
            try {
              std::vector<std::string> names;
              for (const auto& def : metric_catalog(loaded.scenario)) names.push_back(def.name);
              table_metrics = chosen_metrics(args->metrics, names);
            } catch (const std::invalid_argument& e) {
              std::fprintf(stderr, "blocsim: error: %s\n", e.what());
              return kExitBadInput;
            }
            // A --dates month outside the run, or not a month, is said before the run.
            std::vector<int> table_steps;
            const std::vector<std::string> months = run_dates(loaded.scenario);
            for (const auto& date : args->dates) {
              if (const std::string why = date_problem(date, months); !why.empty()) {
                std::fprintf(stderr, "blocsim: error: --dates %s: %s\n", date.c_str(), why.c_str());
                return kExitBadInput;
              }
              table_steps.push_back(
                  static_cast<int>(std::find(months.begin(), months.end(), date) - months.begin()));
            }
            const fs::path output(args->output);
            // Every process checks, so that none starts replicas the others will not join.
            if (const std::string why = output_problem(args->output); !why.empty()) {
              std::fprintf(stderr, "blocsim: error: --output '%s': %s\n", args->output.c_str(),
                           why.c_str());
              return kExitBadInput;
            }
            if (ProcessGroup::current().is_root()) remove_stale_temporaries(args->output);

            RunOptions options;
            options.replicas = args->replicas;
            options.has_seed = seed->count() > 0;
            options.seed = args->seed;
            options.threads = args->threads;
            options.per_replica = args->per_replica;
            options.overrides = args->overrides;
            std::vector<FiredCount> fired;
            options.fired = &fired;
            const ProcessGroup& group = ProcessGroup::current();
            ProgressBar bar("blocsim run " + loaded.scenario.name(),
                            !args->quiet && group.is_root() && ::isatty(STDERR_FILENO));
            options.on_progress = [&bar](std::uint32_t done, std::uint32_t total) {
              bar.update(done, total);
            };
            const std::uint32_t replicas =
                args->replicas > 0 ? args->replicas : loaded.scenario.run().replicas();
            // Too large for this machine: said now, with the figures, not as bad_alloc later.
            const std::uint32_t workers =
                args->threads > 0 ? args->threads
                                  : static_cast<std::uint32_t>(tbb::info::default_concurrency());
            const auto processes = static_cast<std::uint32_t>(group.size());
            const std::uint32_t own_replicas = (replicas + processes - 1) / processes;
            if (const std::string why = memory_refusal(
                    estimate_memory(loaded.scenario, own_replicas, workers, args->per_replica),
                    available_memory());
                !why.empty() && !args->force) {
              std::fprintf(stderr, "blocsim: error: %s\n", why.c_str());
              return kExitBadInput;
            }
            const std::uint64_t used_seed =
                options.has_seed ? options.seed : loaded.scenario.run().seed();
            options.stop = &stop_requested();
            // The journal keeps finished replicas of a single-process run for --resume.
            std::unique_ptr<ReplicaJournal> journal;
            fs::path journal_path = output;
            journal_path += ".journal";
            if (group.size() == 1) {
              if (args->resume && !fs::exists(journal_path)) {
                std::fprintf(stderr,
                             "blocsim: no journal %s to resume from; running every replica\n",
                             journal_path.string().c_str());
              }
              try {
                journal = std::make_unique<ReplicaJournal>(
                    journal_path, run_fingerprint(loaded, used_seed, replicas),
                    values_per_replica(loaded.scenario), args->resume);
              } catch (const std::runtime_error& e) {
                std::fprintf(stderr, "blocsim: error: %s\n", e.what());
                return kExitBadInput;
              }
              if (args->resume && !journal->finished().empty() && !args->quiet) {
                std::fprintf(stderr, "blocsim: resuming: %zu of %u replicas already done\n",
                             journal->finished().size(), replicas);
              }
              options.journal = journal.get();
            } else if (args->resume) {
              std::fprintf(stderr,
                           "blocsim: error: --resume works for one process, not under mpirun\n");
              return kExitBadInput;
            }
            v1::RunResult result;
            try {
              result = run_scenario(loaded, options);
            } catch (const RunInterrupted& e) {
              bar.finish();
              std::fprintf(
                  stderr,
                  "blocsim: interrupted: %u of %u replicas finished and kept in %s.\n"
                  "Resume with: %s --resume\n",
                  static_cast<unsigned>(journal ? journal->finished().size() : 0) + e.finished(),
                  e.total(), journal_path.string().c_str(), invocation.command_line.c_str());
              return kExitInterrupted;
            }
            bar.finish();
            if (!group.is_root()) return kExitOk;  // rank 0 writes the results

            const double wall =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            const std::uint32_t threads =
                args->threads > 0 ? args->threads
                                  : static_cast<std::uint32_t>(tbb::info::default_concurrency());
            fill_provenance(*result.mutable_provenance(), wall, threads,
                            static_cast<std::uint32_t>(group.size()), started_at,
                            invocation.command_line);
            write_results(output, result);
            if (journal) journal->remove();
            if (!args->quiet) {
              print_headline_table(result, stdout, table_metrics, table_steps);
              print_fired_counts(fired, result, stdout);
              std::printf("\n%u replica%s in %.1f s on %u thread%s; wrote %s\n", result.replicas(),
                          plural(result.replicas()), wall, threads, plural(threads),
                          args->output.c_str());
            }
            return kExitOk;
          }};
}

}  // namespace blocsim::cli
