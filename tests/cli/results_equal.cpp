// blocsim_results_equal [--ignore-metric NAME]... A B: exit 0 when two results files are equal
// in everything but provenance (and the metrics named), 1 when they differ (saying where first),
// 2 when one cannot be read. Ignoring a metric lets a change that adds a metric show that it left
// every other number as it was.

#include <cstdio>
#include <cstring>
#include <exception>
#include <set>
#include <string>

#include "blocsim/core/results_io.hpp"

namespace {

void drop_metrics(blocsim::v1::RunResult& results, const std::set<std::string>& names) {
  auto* metrics = results.mutable_metrics();
  for (int m = metrics->size() - 1; m >= 0; --m) {
    if (names.count(metrics->Get(m).name()) != 0) metrics->DeleteSubrange(m, 1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::set<std::string> ignored;
  int arg = 1;
  while (arg + 1 < argc && std::strcmp(argv[arg], "--ignore-metric") == 0) {
    ignored.insert(argv[arg + 1]);
    arg += 2;
  }
  if (argc - arg != 2) {
    std::fprintf(stderr, "usage: blocsim_results_equal [--ignore-metric NAME]... A B\n");
    return 2;
  }
  try {
    auto a = blocsim::read_results(argv[arg]);
    auto b = blocsim::read_results(argv[arg + 1]);
    drop_metrics(a, ignored);
    drop_metrics(b, ignored);
    if (blocsim::results_without_provenance(a) == blocsim::results_without_provenance(b)) return 0;
    for (int m = 0; m < a.metrics_size() && m < b.metrics_size(); ++m) {
      if (a.metrics(m).SerializeAsString() != b.metrics(m).SerializeAsString()) {
        std::fprintf(stderr, "first difference in metric %s\n", a.metrics(m).name().c_str());
        return 1;
      }
    }
    std::fprintf(stderr, "results differ outside the metrics\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
}
