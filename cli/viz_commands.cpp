// blocsim plot / blocsim report: the figures and the HTML report, drawn by the Python package in
// viz/ (blocsim_viz). The command hands over to the interpreter CMake found with protobuf, numpy
// and matplotlib, so `blocsim plot` and `python3 -m blocsim_viz plot` are the same program.

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "commands.hpp"

namespace blocsim::cli {

namespace {

struct VizArgs {
  std::vector<std::string> results;
  std::string out;
  std::vector<std::string> formats;
  std::vector<std::string> metrics;
  int dpi = 0;  // 0: the Python default (150)
  bool quiet = false;
};

// The module path of the viz package and the schemas' Python modules: the copies installed beside
// this program (`cmake --install`) if there are any, else those of the tree it was built in.
std::string viz_python_path() {
  std::error_code error;
  const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const std::filesystem::path installed =
        (program.parent_path() / BLOCSIM_INSTALLED_PYTHON_DIR).lexically_normal();
    if (std::filesystem::is_regular_file(installed / "blocsim_viz" / "__main__.py", error))
      return installed.string();
  }
  return std::string(BLOCSIM_VIZ_DIR) + ":" + BLOCSIM_PROTO_PY_DIR;
}

// Replaces this process with `python -m blocsim_viz ARGS`; returns only on failure.
int exec_viz(const std::vector<std::string>& args) {
  const std::string python = BLOCSIM_PYTHON;
  if (python.empty()) {
    std::fprintf(stderr,
                 "blocsim: error: plotting needs Python 3 with protobuf, numpy and matplotlib, and "
                 "none was found when blocsim was built; run scripts/setup and rebuild\n");
    return kExitFailure;
  }
  const std::string path = viz_python_path();
  const char* previous = std::getenv("PYTHONPATH");
  ::setenv("PYTHONPATH", previous ? (path + ":" + previous).c_str() : path.c_str(), 1);
  ::setenv("BLOCSIM_VIZ_PROG", "blocsim", 1);
  std::vector<std::string> all = {python, "-m", "blocsim_viz"};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(python.c_str(), argv.data());
  std::fprintf(stderr, "blocsim: error: cannot run %s: %s\n", python.c_str(), std::strerror(errno));
  return kExitFailure;
}

void add_metric_option(CLI::App* sub, VizArgs& args, const char* what) {
  sub->add_option("--metric", args.metrics,
                  std::string(what) +
                      " for this metric instead of the headline metrics (repeatable). Any metric "
                      "the file has, e.g. compute.stock.bloc.china (the list: docs/OUTPUT.md); a "
                      "name the file lacks is skipped with a warning")
      ->type_name("NAME");
}

}  // namespace

Subcommand add_plot_command(CLI::App& app) {
  auto args = std::make_shared<VizArgs>();
  CLI::App* plot = app.add_subcommand(
      "plot",
      "Draw the standard figures (PNG and SVG) from results files of blocsim run, or the paired "
      "differences from comparison files of blocsim compare.");
  plot->add_option("results", args->results,
                   "Results files written by blocsim run, or comparison files written by blocsim "
                   "compare (told apart by their contents; they can be mixed)")
      ->required()
      ->check(CLI::ExistingFile);
  plot->add_option("-o,--out", args->out, "Folder for the figures (created if missing)")
      ->required();
  plot->add_option("--format", args->formats, "png, svg or pdf (repeatable; default png and svg)")
      ->check(CLI::IsMember({"png", "svg", "pdf"}));
  plot->add_option("--dpi", args->dpi, "Resolution of PNG files, dots per inch (default 150)")
      ->check(CLI::Range(1, 2400));
  add_metric_option(plot, *args, "Draw fan charts, histograms, overlays and comparison panels");
  plot->add_flag("-q,--quiet", args->quiet, "Do not print the paths written");
  plot->footer(
      "Figures: a fan chart and an end-of-run histogram per headline metric, the regime\n"
      "probabilities over time, each nation's share of Chinese-origin models; with several\n"
      "results files, one overlay per headline metric, one colour per scenario. A comparison\n"
      "file (blocsim compare A B -o comparison.pb) gives comparison.png/svg: per headline\n"
      "metric, the paired differences B - A with their 95% intervals and P(B > A).\n"
      "This is python3 -m blocsim_viz plot (viz/, docs/VIZ.md) with the same options.\n"
      "Examples:\n"
      "  blocsim plot results.pb --out figures/\n"
      "  blocsim plot baseline.pb decoupling.pb --out compare/\n"
      "  blocsim plot results.pb --out figures/ --format png --dpi 300\n"
      "  blocsim compare baseline full-decoupling -o comparison.pb\n"
      "  blocsim plot comparison.pb --out figures/");
  return {plot, [args]() {
            std::vector<std::string> forwarded = {"plot"};
            forwarded.insert(forwarded.end(), args->results.begin(), args->results.end());
            forwarded.insert(forwarded.end(), {"--out", args->out});
            for (const auto& f : args->formats) forwarded.insert(forwarded.end(), {"--format", f});
            if (args->dpi > 0)
              forwarded.insert(forwarded.end(), {"--dpi", std::to_string(args->dpi)});
            for (const auto& m : args->metrics) forwarded.insert(forwarded.end(), {"--metric", m});
            if (args->quiet) forwarded.emplace_back("--quiet");
            return exec_viz(forwarded);
          }};
}

Subcommand add_report_command(CLI::App& app) {
  auto args = std::make_shared<VizArgs>();
  CLI::App* report = app.add_subcommand(
      "report", "Write a self-contained HTML report (figures inline, no network) of a run.");
  report->add_option("results", args->results, "A results file written by blocsim run")
      ->required()
      ->expected(1)
      ->check(CLI::ExistingFile);
  report->add_option("-o,--out", args->out, "The HTML file to write")->required();
  add_metric_option(report, *args, "Put in the table and the figures");
  report->footer(
      "The page holds the scenario's question and events, a table of the headline metrics\n"
      "(median and 5-95% band) and every figure, for readers who never open a terminal.\n"
      "This is python3 -m blocsim_viz report (viz/, docs/VIZ.md) with the same options.\n"
      "Example:\n"
      "  blocsim report results.pb --out report.html");
  return {
      report, [args]() {
        std::vector<std::string> forwarded = {"report", args->results.at(0), "--out", args->out};
        for (const auto& m : args->metrics) forwarded.insert(forwarded.end(), {"--metric", m});
        return exec_viz(forwarded);
      }};
}

}  // namespace blocsim::cli
