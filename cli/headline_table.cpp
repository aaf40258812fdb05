#include "headline_table.hpp"

#include <fnmatch.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "blocsim/core/calendar.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"

namespace blocsim::cli {

namespace {

double quantile(const v1::StepSummary& step, double p) {
  for (const auto& q : step.quantiles()) {
    if (std::abs(q.p() - p) < 1e-9) return q.value();
  }
  return NAN;
}

std::string format(double v, const std::string& unit) {
  char buffer[32];
  if (unit == "share" || unit == "probability") {
    std::snprintf(buffer, sizeof buffer, "%.1f%%", 100.0 * v);
  } else if (unit == "index") {  // a number from 0 to 1, as the figures and docs write it
    std::snprintf(buffer, sizeof buffer, "%.3f", v);
  } else if (std::abs(v) >= 1e6) {
    std::snprintf(buffer, sizeof buffer, "%.2fM", v / 1e6);
  } else if (std::abs(v) >= 1e4) {
    std::snprintf(buffer, sizeof buffer, "%.0fk", v / 1e3);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.3g", v);
  }
  return buffer;
}

}  // namespace

const std::vector<std::string>& headline_metrics() {
  static const std::vector<std::string> names = headline_metric_names();
  return names;
}

std::vector<std::string> chosen_metrics(const std::vector<std::string>& patterns,
                                        const std::vector<std::string>& available) {
  if (patterns.empty()) return headline_metrics();
  std::vector<std::string> chosen;
  for (const auto& pattern : patterns) {
    bool any = false;
    for (const auto& name : available) {
      if (::fnmatch(pattern.c_str(), name.c_str(), 0) != 0) continue;
      any = true;
      if (std::find(chosen.begin(), chosen.end(), name) == chosen.end()) chosen.push_back(name);
    }
    if (!any) {
      throw std::invalid_argument("--metric " + pattern +
                                  ": no metric of this run matches it (`blocsim metrics` lists "
                                  "them; * and ? match any text and any one character)");
    }
  }
  return chosen;
}

std::vector<int> headline_steps(const v1::RunResult& result) {
  std::vector<int> steps;
  const int last = result.dates_size() - 1;
  for (int t = 0; t <= last; ++t) {
    const bool december = result.dates(t).size() == 7 && result.dates(t).substr(5) == "12";
    if (t == 0 || t == last || (december && t >= 11)) steps.push_back(t);
  }
  return steps;
}

int table_width(std::FILE* out) {
  if (const char* columns = std::getenv("COLUMNS")) {
    const int n = std::atoi(columns);
    if (n > 0) return n;
  }
  winsize size{};
  if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  return 100;
}

std::vector<std::pair<int, int>> column_blocks(int columns, int name_width, int column_width,
                                               int width) {
  const int per_block = std::max(1, (width - name_width) / column_width);
  std::vector<std::pair<int, int>> blocks;
  for (int first = 0; first < columns; first += per_block) {
    blocks.emplace_back(first, std::min(columns, first + per_block));
  }
  return blocks;
}

std::string date_problem(const std::string& date, const std::vector<std::string>& months) {
  if (std::find(months.begin(), months.end(), date) != months.end()) return "";
  if (!YearMonth::parse(date)) return "not a month; write YYYY-MM, e.g. " + months.back();
  return "not in the run (" + months.front() + " to " + months.back() + ")";
}

void print_headline_table(const v1::RunResult& result, std::FILE* out,
                          const std::vector<std::string>& metrics, std::vector<int> steps) {
  if (steps.empty()) steps = headline_steps(result);
  int width = 29;  // the headline names' column; longer names chosen with --metric widen it
  for (const auto& name : metrics) width = std::max(width, static_cast<int>(name.size()) + 1);
  std::fprintf(out, "\n%s: median [5%%, 95%%] over %u replica%s\n", result.scenario_name().c_str(),
               result.replicas(), result.replicas() == 1 ? "" : "s");
  // Each date column is a space and 22 characters; a table wider than the terminal wraps.
  const auto blocks = column_blocks(static_cast<int>(steps.size()), width, 23, table_width(out));
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    if (b > 0) std::fputc('\n', out);
    std::fprintf(out, "%-*s", width, "metric");
    for (int i = blocks[b].first; i < blocks[b].second; ++i) {
      std::fprintf(out, " %-22s", result.dates(steps[static_cast<std::size_t>(i)]).c_str());
    }
    std::fputc('\n', out);
    for (const auto& name : metrics) {
      const auto it = std::find_if(result.metrics().begin(), result.metrics().end(),
                                   [&](const auto& m) { return m.name() == name; });
      if (it == result.metrics().end()) continue;
      std::fprintf(out, "%-*s", width, name.c_str());
      for (int i = blocks[b].first; i < blocks[b].second; ++i) {
        const auto& step = it->steps(steps[static_cast<std::size_t>(i)]);
        std::string cell;
        if (it->unit() == "probability") {
          cell =
              format(step.mean(), "probability");  // a 0/1 indicator: its mean is the probability
        } else {
          cell = format(quantile(step, 0.5), it->unit()) + " [" +
                 format(quantile(step, 0.05), it->unit()) + ", " +
                 format(quantile(step, 0.95), it->unit()) + "]";
        }
        std::fprintf(out, " %-22s", cell.c_str());
      }
      std::fputc('\n', out);
    }
  }
}

void print_fired_counts(const std::vector<FiredCount>& fired, const v1::RunResult& result,
                        std::FILE* out) {
  if (fired.empty()) return;
  const std::string last = result.dates_size() > 0 ? result.dates(result.dates_size() - 1) : "";
  std::fprintf(out, "\n%-46s %18s %18s\n", ("fired by " + last + " (policy.fired.*)").c_str(),
               "mean per replica", "share of replicas");
  for (const auto& f : fired) {
    std::fprintf(out, "%-46s %18.2f %17.1f%%\n", f.name.c_str(), f.mean, 100.0 * f.share_fired);
  }
}

}  // namespace blocsim::cli
