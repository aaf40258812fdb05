// blocsim_results_equal A B: exit 0 when two results files are equal in everything but
// provenance, 1 when they differ (saying where first), 2 when one cannot be read.

#include <cstdio>
#include <exception>

#include "blocsim/core/results_io.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: blocsim_results_equal A B\n");
    return 2;
  }
  try {
    const auto a = blocsim::read_results(argv[1]);
    const auto b = blocsim::read_results(argv[2]);
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
