// blocsim export FILE --csv: a results file as one long ("tidy") table, a row per number, for
// pandas, R or a spreadsheet (docs/OUTPUT.md, "CSV").
//   scenario,metric,unit,date,statistic,replica,value
// Summary rows: statistic mean, sd, min, max, p05, p25, p50, p75, p95, replica empty. With
// --per-replica (the file must hold every replica's series): statistic "value", replica r. Each
// uncertain parameter's draws: metric "parameter:<path>", date empty, statistic "draw", replica r.

#include <cstdio>
#include <memory>
#include <string>

#include "blocsim/core/atomic_file.hpp"
#include "blocsim/core/results_io.hpp"
#include "commands.hpp"
#include "output_check.hpp"

namespace blocsim::cli {

namespace {

struct ExportArgs {
  std::string file;
  std::string output;  // empty: standard output
  bool csv = false;
  bool per_replica = false;
};

// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// Every double to 17 significant digits: a reader gets back the file's numbers bit for bit.
std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

const char* quantile_name(double p) {
  if (p == 0.05) return "p05";
  if (p == 0.25) return "p25";
  if (p == 0.5) return "p50";
  if (p == 0.75) return "p75";
  if (p == 0.95) return "p95";
  return nullptr;
}

std::string tidy_csv(const v1::RunResult& r, bool per_replica) {
  std::string out = "scenario,metric,unit,date,statistic,replica,value\n";
  const std::string scenario = field(r.scenario_name());
  auto row = [&](const std::string& metric, const std::string& unit, const std::string& date,
                 const std::string& statistic, const std::string& replica, double value) {
    out += scenario + ',' + metric + ',' + unit + ',' + date + ',' + statistic + ',' + replica +
           ',' + number(value) + '\n';
  };
  for (const auto& m : r.metrics()) {
    const std::string name = field(m.name());
    const std::string unit = field(m.unit());
    for (int t = 0; t < m.steps_size() && t < r.dates_size(); ++t) {
      const auto& s = m.steps(t);
      const std::string& date = r.dates(t);
      row(name, unit, date, "mean", "", s.mean());
      row(name, unit, date, "sd", "", s.sd());
      row(name, unit, date, "min", "", s.min());
      row(name, unit, date, "max", "", s.max());
      for (const auto& q : s.quantiles()) {
        if (const char* stat = quantile_name(q.p())) row(name, unit, date, stat, "", q.value());
      }
    }
    if (!per_replica) continue;
    for (const auto& series : m.replicas()) {
      const std::string replica = std::to_string(series.replica());
      for (int t = 0; t < series.values_size() && t < r.dates_size(); ++t) {
        row(name, unit, r.dates(t), "value", replica, series.values(t));
      }
    }
  }
  for (const auto& p : r.parameters()) {
    const std::string metric = field("parameter:" + p.path());
    for (int i = 0; i < p.values_size(); ++i)
      row(metric, "", "", "draw", std::to_string(i), p.values(i));
  }
  return out;
}

}  // namespace

Subcommand add_export_command(CLI::App& app) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Write a results file as a long CSV table: one row per number, for pandas or R.");
  cmd->add_option("file", args->file, "A results file (blocsim run -o)")->required();
  cmd->add_flag("--csv", args->csv, "CSV (the default and, for now, the only format)");
  cmd->add_flag(
      "--per-replica", args->per_replica,
      "Also every replica's value each month (the file must come from run --per-replica)");
  cmd->add_option("-o,--output", args->output, "Write to FILE instead of standard output");
  cmd->footer(
      "Columns: scenario, metric, unit, date, statistic, replica, value. Summary rows have the\n"
      "statistic mean, sd, min, max, p05, p25, p50, p75 or p95 and no replica; --per-replica adds\n"
      "rows with the statistic 'value' and the replica's index; each uncertain parameter's draws\n"
      "are rows with the metric 'parameter:<path>', no date and the statistic 'draw'. Numbers\n"
      "have 17 significant digits, so they read back exactly (docs/OUTPUT.md, \"CSV\").\n"
      "Examples:\n"
      "  blocsim export results.pb > results.csv\n"
      "  blocsim export results.pb --per-replica -o replicas.csv\n"
      "  python3 -c \"import pandas; print(pandas.read_csv('results.csv',\n"
      "              float_precision='round_trip').head())\"   (exact numbers)");
  return {
      cmd, [args]() {
        if (!args->output.empty()) {
          if (const std::string why = output_problem(args->output); !why.empty()) {
            std::fprintf(stderr, "blocsim: error: --output '%s': %s\n", args->output.c_str(),
                         why.c_str());
            return kExitBadInput;
          }
        }
        v1::RunResult result;
        try {
          result = read_results(args->file);
        } catch (const std::runtime_error& e) {
          std::fprintf(stderr, "blocsim: error: %s\n", e.what());
          return kExitBadInput;
        }
        const bool has_series = result.metrics_size() > 0 && result.metrics(0).replicas_size() > 0;
        if (args->per_replica && !has_series) {
          std::fprintf(stderr,
                       "blocsim: error: %s has no per-replica series; make it with `blocsim run "
                       "--per-replica`, or export it without --per-replica\n",
                       args->file.c_str());
          return kExitBadInput;
        }
        const std::string csv = tidy_csv(result, args->per_replica);
        if (args->output.empty()) {
          std::fwrite(csv.data(), 1, csv.size(), stdout);
        } else {
          write_file_atomically(args->output, csv);
        }
        return kExitOk;
      }};
}

}  // namespace blocsim::cli
