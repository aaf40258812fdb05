// A program outside blocsim's tree built against the installed package (CMakeLists.txt beside
// it): loads the built-in baseline, runs a few replicas and checks that the results make sense.

#include <cstdio>
#include <exception>
#include <string>

#include "blocsim/scenarios/run_scenario.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "consumer: FAIL: %s\n", what.c_str());
    ++failures;
  }
}

}  // namespace

int main() {
  try {
    const blocsim::LoadedScenario baseline = blocsim::load_scenario("baseline");
    blocsim::RunOptions options;
    options.replicas = 3;
    options.seed = 7;
    options.has_seed = true;
    options.threads = 2;
    const blocsim::v1::RunResult result = blocsim::run_scenario(baseline, options);

    expect(result.scenario_name() == "baseline", "the scenario is named " + result.scenario_name());
    expect(result.replicas() == 3, "3 replicas, not " + std::to_string(result.replicas()));
    expect(result.dates_size() > 0, "the run has months");
    expect(result.metrics_size() > 0, "the run has metrics");
    // Every adoption share stays a share, in every month and every replica (min and max).
    int shares = 0;
    for (const auto& metric : result.metrics()) {
      if (metric.name().rfind("adoption.", 0) != 0 || metric.unit() != "share") continue;
      ++shares;
      expect(metric.steps_size() == result.dates_size(), metric.name() + " has one step a month");
      for (const auto& step : metric.steps())
        expect(step.min() >= 0.0 && step.max() <= 1.0, metric.name() + " leaves [0, 1]");
    }
    expect(shares > 0, "the run has adoption shares");
    std::printf(
        "consumer: %s, %u replicas, %d metrics over %d months; %d adoption shares in [0, 1]\n",
        result.scenario_name().c_str(), result.replicas(), result.metrics_size(),
        result.dates_size(), shares);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "consumer: FAIL: %s\n", e.what());
    return 1;
  }
  return failures == 0 ? 0 : 1;
}
