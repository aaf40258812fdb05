#pragma once
// Helpers for the diffusion tests: a one-nation world driven through the same rule kernels and
// commit the simulation uses (adopt_by_rule, commit_adoption), sample statistics, and the rows of
// docs/VALIDATION.md.
//
// When the environment variable BLOCSIM_VALIDATION_REPORT names a file, every validated quantity
// is appended to it as one tab-separated row (test, quantity, target, measured, tolerance, pass,
// basis); scripts/validation-report runs these tests and turns the rows into docs/VALIDATION.md.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "blocsim/agents/adoption.hpp"
#include "blocsim/agents/diffusion.hpp"
#include "blocsim/agents/world.hpp"
#include "blocsim/core/developer_graph.hpp"

namespace blocsim::testing {

// One nation of developers on `graph`, all in the private sector, none adopted, offered `models`
// models with the given logit weights exp(V_j / mu) (equal when empty), all of US origin unless
// `origin` says otherwise.
struct DiffusionWorld {
  Developers developers;
  AdoptionOffer offer;
  AdoptionParams params;
  DiffusionState state;

  DiffusionWorld(DeveloperGraph graph, std::size_t models, std::vector<double> weights = {},
                 std::vector<Origin> origin = {}) {
    const std::uint32_t n = graph.vertices();
    developers.nation.assign(n, 0);
    developers.sector.assign(n, 0);
    developers.model.assign(n, kNoModel);
    developers.next_model.assign(n, kNoModel);
    developers.first = {0, n};
    developers.weight = {1.0};
    developers.ties = std::move(graph);
    if (weights.empty()) weights.assign(models, 1.0);
    if (origin.empty()) origin.assign(models, Origin::kUs);
    offer.models = models;
    offer.nations = 1;
    offer.weight.assign(kSectors * models, 0.0);
    for (std::size_t sector = 0; sector < kSectors; ++sector) {
      for (std::size_t j = 0; j < models; ++j) offer.weight[sector * models + j] = weights[j];
    }
    offer.forced_leave.assign(kSectors * models, 0.0);
    offer.origin = std::move(origin);
    params.mu = 1.0;
    state.threshold.assign(n, 0.0);
  }

  std::uint32_t size() const { return developers.size(); }

  // Puts developer i on model m (seeds) and recounts the state, as the simulation does at start.
  void seed(std::uint32_t i, std::uint8_t m = 0) { developers.model[i] = m; }
  void start() {
    reset_diffusion_state(developers, state);
    complete_offer(params, offer);
  }

  // One step (month) t of the rule, exactly as Simulation::step runs it.
  void step(std::uint32_t t, ReplicaKey key) {
    complete_offer(params, offer);  // the tests set weights and parameters by hand
    adopt_by_rule(t, key, params, offer, state, developers, 0, size());
    commit_adoption(params.rule, developers, state);
  }

  std::uint32_t adopted() const {
    std::uint32_t count = 0;
    for (const std::uint8_t m : developers.model) count += m != kNoModel ? 1u : 0u;
    return count;
  }
  std::uint32_t on(std::uint8_t model) const {
    std::uint32_t count = 0;
    for (const std::uint8_t m : developers.model) count += m == model ? 1u : 0u;
    return count;
  }
};

struct Sample {
  double mean = 0.0;
  double variance = 0.0;  // unbiased
  double se() const { return std::sqrt(variance / static_cast<double>(n)); }
  std::size_t n = 0;
};

inline Sample sample_of(const std::vector<double>& x) {
  Sample s;
  s.n = x.size();
  for (const double v : x) s.mean += v;
  s.mean /= static_cast<double>(x.size());
  for (const double v : x) s.variance += (v - s.mean) * (v - s.mean);
  s.variance /= static_cast<double>(x.size() - 1);
  return s;
}

// Standard normal distribution function.
inline double normal_cdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// Checks |measured - target| <= tolerance and records the row for docs/VALIDATION.md. `basis`
// says where the tolerance comes from (sampling error, a known discretisation bias...).
inline void expect_validated(const std::string& quantity, double target, double measured,
                             double tolerance, const std::string& basis) {
  const bool pass = std::abs(measured - target) <= tolerance;
  EXPECT_TRUE(pass) << quantity << ": measured " << measured << ", target " << target
                    << ", tolerance " << tolerance << " (" << basis << ")";
  const char* path = std::getenv("BLOCSIM_VALIDATION_REPORT");
  if (path == nullptr || *path == '\0') return;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string test = std::string(info->test_suite_name()) + "." + info->name();
  // One fprintf per row to a file opened for appending: rows of parallel tests do not mix.
  if (std::FILE* out = std::fopen(path, "a")) {
    std::fprintf(out, "%s\t%s\t%.6g\t%.6g\t%.3g\t%s\t%s\n", test.c_str(), quantity.c_str(), target,
                 measured, tolerance, pass ? "pass" : "FAIL", basis.c_str());
    std::fclose(out);
  }
}

}  // namespace blocsim::testing
