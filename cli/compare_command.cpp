// blocsim compare A B: a paired comparison with common random numbers.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include <tbb/info.h>

#include "blocsim/core/calendar.hpp"
#include "blocsim/core/process_group.hpp"
#include "blocsim/core/results_io.hpp"
#include "blocsim/scenarios/compare.hpp"
#include "blocsim/scenarios/memory_estimate.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"
#include "blocsim/scenarios/world_builder.hpp"
#include "commands.hpp"
#include "headline_table.hpp"
#include "output_check.hpp"
#include "progress_bar.hpp"
#include "provenance.hpp"

namespace blocsim::cli {

namespace {

struct CompareArgs {
  std::string a;
  std::string b;
  std::uint32_t replicas = 0;
  std::uint64_t seed = 0;
  std::uint32_t threads = 0;
  bool force = false;
  std::string output;  // empty: named after the two scenarios (default_output_name)
  std::vector<std::string> dates;
  std::vector<std::string> metrics;  // --metric patterns for the table
  bool quiet = false;
  std::vector<std::string> set_both;  // --set: applied to A and B
  std::vector<std::string> set_a;     // --set-a: A only
  std::vector<std::string> set_b;     // --set-b: B only
};

std::vector<std::string> concat(const std::vector<std::string>& a,
                                const std::vector<std::string>& b) {
  std::vector<std::string> out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// "baseline" or "baseline with --set X --set Y", for the printed header.
std::string described(const std::string& name, const std::vector<std::string>& overrides,
                      const char* option) {
  std::string text = name;
  for (std::size_t i = 0; i < overrides.size(); ++i)
    text += std::string(i == 0 ? " with " : " ") + option + " " + overrides[i];
  return text;
}

// A's and B's names for a file name: a built-in name as it is, a file's stem without its folder
// and extension (my.textproto -> my, runs/a.pb -> a).
std::string spec_stem(const std::string& spec) {
  return std::filesystem::path(spec).stem().string();
}

std::string default_output_name(const std::string& a, const std::string& b) {
  return spec_stem(a) + "-vs-" + spec_stem(b) + ".comparison.pb";
}

bool is_results_file(const std::string& spec) {
  const auto extension = std::filesystem::path(spec).extension();
  return (extension == ".pb" || extension == ".json") && std::filesystem::is_regular_file(spec);
}

std::string percent_or_number(double v, const std::string& unit) {
  char buffer[32];
  if (unit == "share" || unit == "probability") {
    std::snprintf(buffer, sizeof buffer, "%+.1f pt", 100.0 * v);
  } else if (unit == "index") {
    std::snprintf(buffer, sizeof buffer, "%+.3f", v);
  } else {
    std::snprintf(buffer, sizeof buffer, "%+.3g", v);
  }
  return buffer;
}

// `sides` names B and A, e.g. "baseline with --set-b X minus baseline".
void print_comparison(const v1::Comparison& c, const std::string& sides,
                      const std::vector<std::string>& metrics, std::FILE* out) {
  std::fprintf(out,
               "\n%s, paired over %u replicas (seed %llu): median of B - A [95%% interval], "
               "P(B > A) with ties counted as one half;\nfor probabilities (regimes): B - A of "
               "the probabilities [95%% interval of the mean], A -> B\n",
               sides.c_str(), c.replicas(), static_cast<unsigned long long>(c.seed()));
  int width = 29;  // the headline names' column; longer names chosen with --metric widen it
  for (const auto& name : metrics) width = std::max(width, static_cast<int>(name.size()) + 1);
  // Each date column is a space and 38 characters; a table wider than the terminal wraps.
  const auto blocks = column_blocks(c.dates_size(), width, 39, table_width(out));
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    if (b > 0) std::fputc('\n', out);
    std::fprintf(out, "%-*s", width, "metric");
    for (int i = blocks[b].first; i < blocks[b].second; ++i) {
      std::fprintf(out, " %-38s", c.dates(i).c_str());
    }
    std::fputc('\n', out);
    for (const auto& name : metrics) {
      for (const auto& m : c.metrics()) {
        if (m.name() != name) continue;
        std::fprintf(out, "%-*s", width, name.c_str());
        for (int i = blocks[b].first; i < blocks[b].second && i < m.dates_size(); ++i) {
          const auto& d = m.dates(i);
          char cell[96];
          if (m.unit() == "probability") {
            // A median of 0/1 differences is mostly 0: the difference of the probabilities says
            // what changed, with the levels it changed between.
            std::snprintf(cell, sizeof cell, "%s [%s, %s] %.0f%%->%.0f%%",
                          percent_or_number(d.mean(), m.unit()).c_str(),
                          percent_or_number(d.mean_lo(), m.unit()).c_str(),
                          percent_or_number(d.mean_hi(), m.unit()).c_str(), 100.0 * d.a_mean(),
                          100.0 * d.b_mean());
          } else {
            std::snprintf(cell, sizeof cell, "%s [%s, %s] %.0f%%",
                          percent_or_number(d.median(), m.unit()).c_str(),
                          percent_or_number(d.lo(), m.unit()).c_str(),
                          percent_or_number(d.hi(), m.unit()).c_str(), 100.0 * d.p_b_greater());
          }
          std::fprintf(out, " %-38s", cell);
        }
        std::fputc('\n', out);
      }
    }
  }
}

}  // namespace

Subcommand add_compare_command(CLI::App& app, const Invocation& invocation) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compare", "Compare two scenarios replica by replica with common random numbers.");
  cmd->add_option("a", args->a, "Scenario A (file or built-in name), or a results file")
      ->required();
  cmd->add_option("b", args->b, "Scenario B, or a results file from a run with the same seed")
      ->required();
  auto* replicas =
      cmd->add_option("-r,--replicas", args->replicas, "Replicas (default: A's run.replicas)")
          ->check(CLI::Range(1u, 10'000'000u));
  auto* seed = cmd->add_option("-s,--seed", args->seed, "Master seed shared by both (default: A's)")
                   ->check(SeedValidator());
  cmd->add_option("-t,--threads", args->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_option("-o,--output", args->output,
                  "Comparison file (.json for JSON; default: A-vs-B.comparison.pb, named after\n"
                  "the two scenarios, e.g. baseline-vs-no-h200-exports.comparison.pb)");
  cmd->add_option("--dates", args->dates,
                  "Months to compare, YYYY-MM (default: each December and the last)")
      ->delimiter(',');
  cmd->add_flag("-q,--quiet", args->quiet, "No progress bar and no table");
  cmd->add_option("--metric", args->metrics,
                  "A metric for the table instead of the headline ones (repeatable; * and ? as\n"
                  "in a shell), e.g. --metric chips.china.licensed --metric 'regime.*'");
  cmd->add_flag("--force", args->force,
                "Run even when the memory estimate exceeds what the machine has available");
  cmd->add_option("--set", args->set_both,
                  "Override a field of both scenarios, PATH=VALUE (repeatable; as for run)");
  cmd->add_option("--set-a", args->set_a, "Override a field of scenario A only, PATH=VALUE");
  cmd->add_option("--set-b", args->set_b,
                  "Override a field of scenario B only, PATH=VALUE, e.g.\n"
                  "`compare baseline baseline --set-b market.leakage.hubs.rate=0.1`");
  cmd->footer(
      "Replica r of A and replica r of B share every random stream the scenarios have in common\n"
      "(docs/REPRODUCIBILITY.md), so the difference B - A in each replica comes from the\n"
      "scenarios, not from noise. Printed and exported: per headline metric and date, the median\n"
      "of B - A, its 95% interval across replicas, and the probability that B exceeds A.\n"
      "Examples:\n"
      "  blocsim compare baseline no-h200-exports\n"
      "  blocsim compare baseline my.textproto --replicas 500 -o diff.json\n"
      "  blocsim compare baseline baseline --set-b market.leakage.hubs.rate=0.1\n"
      "                                   the baseline against itself with one change\n"
      "  blocsim compare a.pb b.pb        two runs made with --per-replica and the same seed\n"
      "A and B are both scenarios or both results files; --set, --set-a and --set-b apply to\n"
      "scenarios (--set first, then --set-a or --set-b) and are recorded in the comparison's\n"
      "scenario texts.");
  (void)replicas;
  return {
      cmd, [args, seed, invocation]() {
        const auto started = std::chrono::steady_clock::now();
        const std::string started_at = utc_now();
        // Unnamed, the file is named after the scenarios; replacing an earlier one is said.
        const bool named = !args->output.empty();
        if (!named) args->output = default_output_name(args->a, args->b);
        const bool replacing = !named && std::filesystem::exists(args->output);
        const std::filesystem::path output(args->output);
        if (const std::string why = output_problem(args->output); !why.empty()) {
          std::fprintf(stderr, "blocsim: error: --output '%s': %s\n", args->output.c_str(),
                       why.c_str());
          return kExitBadInput;
        }
        ComparedRun a;
        ComparedRun b;
        std::uint64_t used_seed = 0;
        const bool a_file = is_results_file(args->a);
        const bool b_file = is_results_file(args->b);
        if (a_file != b_file) {
          // Mixed: say how to make the scenario's side a results file that pairs with the other.
          const std::string& file = a_file ? args->a : args->b;
          const std::string& scenario = a_file ? args->b : args->a;
          std::string run = "blocsim run " + scenario +
                            " --per-replica --seed SEED --replicas N -o other.pb   (SEED and N "
                            "as in " +
                            file + ")";
          std::string note;
          try {
            const v1::RunResult r = read_results(file);
            run = "blocsim run " + scenario + " --per-replica --seed " + std::to_string(r.seed()) +
                  " --replicas " + std::to_string(r.replicas()) + " -o other.pb";
            if (r.metrics_size() > 0 && r.metrics(0).replicas_size() == 0) {
              note = "  (" + file +
                     " has no per-replica series either: make it again with --per-replica)\n";
            }
          } catch (const std::runtime_error&) {
          }
          const std::string pair = a_file ? file + " other.pb" : "other.pb " + file;
          std::fprintf(stderr,
                       "blocsim: error: %s is a results file and %s a scenario: compare takes two "
                       "scenarios (it runs both) or two results files (from runs with "
                       "--per-replica and the same seed), not one of each. To pair them, run the "
                       "scenario first:\n  %s\n%sthen: blocsim compare %s\n",
                       file.c_str(), scenario.c_str(), run.c_str(), note.c_str(), pair.c_str());
          return kExitBadInput;
        }
        const bool files = a_file && b_file;
        const std::vector<std::string> a_overrides = concat(args->set_both, args->set_a);
        const std::vector<std::string> b_overrides = concat(args->set_both, args->set_b);
        if (files && (!a_overrides.empty() || !b_overrides.empty())) {
          std::fprintf(stderr,
                       "blocsim: error: --set, --set-a and --set-b change scenarios, not results "
                       "files; give scenarios, or rerun with blocsim run --set\n");
          return kExitBadInput;
        }
        if (files) try {
            const v1::RunResult ra = read_results(args->a);
            const v1::RunResult rb = read_results(args->b);
            if (ra.seed() != rb.seed()) {
              std::fprintf(stderr,
                           "blocsim: error: the runs used seeds %llu and %llu; pairing needs the "
                           "same seed\n",
                           static_cast<unsigned long long>(ra.seed()),
                           static_cast<unsigned long long>(rb.seed()));
              return kExitBadInput;
            }
            a = compared_run_from(ra);
            b = compared_run_from(rb);
            used_seed = ra.seed();
          } catch (const std::runtime_error& e) {
            std::fprintf(stderr, "blocsim: error: %s\n", e.what());
            return kExitBadInput;
          }
        else {
          const LoadedScenario la = load_scenario(args->a, a_overrides);
          const LoadedScenario lb = load_scenario(args->b, b_overrides);
          // A --dates month outside the runs, or not a month, is said before the runs too.
          const std::vector<std::string> months = run_dates(la.scenario);
          for (const auto& date : args->dates) {
            const std::string why = date_problem(date, months);
            if (why.empty()) continue;
            std::fprintf(stderr, "blocsim: error: --dates %s: %s\n", date.c_str(), why.c_str());
            return kExitBadInput;
          }
          // A --metric that matches nothing is said before the runs, not after them.
          std::vector<std::string> names;
          for (const auto& def : metric_catalog(la.scenario)) names.push_back(def.name);
          try {
            chosen_metrics(args->metrics, names);
          } catch (const std::invalid_argument& e) {
            std::fprintf(stderr, "blocsim: error: %s\n", e.what());
            return kExitBadInput;
          }
          RunOptions options;
          options.replicas = args->replicas > 0 ? args->replicas : la.scenario.run().replicas();
          options.has_seed = true;
          options.seed = seed->count() > 0 ? args->seed : la.scenario.run().seed();
          options.threads = args->threads;
          used_seed = options.seed;
          // A's series are kept while B runs: both count, each with its per-replica series.
          const std::uint32_t workers =
              args->threads > 0 ? args->threads
                                : static_cast<std::uint32_t>(tbb::info::default_concurrency());
          MemoryEstimate need = estimate_memory(la.scenario, options.replicas, workers, true);
          const MemoryEstimate need_b =
              estimate_memory(lb.scenario, options.replicas, workers, true);
          need.worlds = std::max(need.worlds, need_b.worlds);
          need.series += need_b.series;
          if (const std::string why = memory_refusal(need, available_memory());
              !why.empty() && !args->force) {
            std::fprintf(stderr, "blocsim: error: %s\n", why.c_str());
            return kExitBadInput;
          }
          const bool bar_on =
              !args->quiet && ProcessGroup::current().is_root() && ::isatty(STDERR_FILENO);
          {
            ProgressBar bar("blocsim compare: A " + la.scenario.name(), bar_on);
            options.on_progress = [&bar](std::uint32_t d, std::uint32_t t) { bar.update(d, t); };
            a = run_for_comparison(la, options);
            bar.finish();
          }
          {
            ProgressBar bar("blocsim compare: B " + lb.scenario.name(), bar_on);
            options.on_progress = [&bar](std::uint32_t d, std::uint32_t t) { bar.update(d, t); };
            b = run_for_comparison(lb, options);
            bar.finish();
          }
        }
        if (!ProcessGroup::current().is_root()) return kExitOk;  // rank 0 compares and writes
        std::vector<std::string> dates = args->dates;
        if (dates.empty()) {
          v1::RunResult shape;
          for (const auto& d : a.dates) shape.add_dates(d);
          for (const int t : headline_steps(shape)) {
            if (t > 0) dates.push_back(a.dates[static_cast<std::size_t>(t)]);
          }
        }
        v1::Comparison comparison;
        std::vector<std::string> table_metrics;
        try {
          comparison = compare(a, b, used_seed, dates, {});
          std::vector<std::string> names;
          for (const auto& m : comparison.metrics()) names.push_back(m.name());
          table_metrics = chosen_metrics(args->metrics, names);
        } catch (const std::invalid_argument& e) {
          std::fprintf(stderr, "blocsim: error: %s\n", e.what());
          return kExitBadInput;
        }
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const std::uint32_t threads =
            args->threads > 0 ? args->threads
                              : static_cast<std::uint32_t>(tbb::info::default_concurrency());
        fill_provenance(*comparison.mutable_provenance(), wall, threads, 1, started_at,
                        invocation.command_line);
        write_message(output, comparison);
        if (!args->quiet) {
          std::string sides = described(comparison.b_name(), args->set_b, "--set-b") + " minus " +
                              described(comparison.a_name(), args->set_a, "--set-a");
          if (!args->set_both.empty()) sides += described(" (both", args->set_both, "--set") + ")";
          print_comparison(comparison, sides, table_metrics, stdout);
          std::printf("\nwrote %s%s\n", args->output.c_str(),
                      replacing ? " (replacing the earlier one; -o FILE names another)" : "");
        }
        return kExitOk;
      }};
}

}  // namespace blocsim::cli
