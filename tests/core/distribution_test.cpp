#include "blocsim/core/distribution.hpp"

#include "blocsim/scenarios/distribution_from_schema.hpp"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cmath>

namespace blocsim {
namespace {

// Written in the schema's text format, converted as scenarios/ does.
Distribution parse(const char* text) {
  v1::Distribution d;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &d)) << text;
  return to_distribution(d);
}

// Sample mean over n draws, each from its own replica's stream as in a run.
double sample_mean(const Distribution& d, int n, double* sd_out = nullptr) {
  double sum = 0.0;
  double sum_sq = 0.0;
  for (int r = 0; r < n; ++r) {
    const double x =
        draw_parameter(d, "p", ReplicaKey::make(1, static_cast<std::uint32_t>(r)), 0.0);
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / n;
  if (sd_out) *sd_out = std::sqrt(sum_sq / n - mean * mean);
  return mean;
}

// Each mean is checked within 5 standard errors (false-alarm rate 5.7e-7 per check).
TEST(Distribution, MeansMatchTheirClosedForms) {
  constexpr int kN = 40000;
  for (const char* text : {"uniform { lo: 2 hi: 5 }", "triangular { lo: 6 mode: 18 hi: 60 }",
                           "lognormal { median: 1 sigma: 0.35 }", "normal { mean: 3 sd: 2 }",
                           "choice { values: [1, 2, 10] weights: [1, 1, 2] }"}) {
    const Distribution d = parse(text);
    double sd = 0.0;
    const double mean = sample_mean(d, kN, &sd);
    EXPECT_NEAR(mean, distribution_mean(d, 0.0), 5.0 * sd / std::sqrt(kN)) << text;
  }
}

// A choice without weights gives each value with the same probability: the same draws as equal
// weights, and a mean of the values' mean.
TEST(Distribution, AChoiceWithoutWeightsWeighsValuesEqually) {
  const Distribution bare = parse("choice { values: [1, 2, 10] }");
  const Distribution equal = parse("choice { values: [1, 2, 10] weights: [1, 1, 1] }");
  for (std::uint32_t r = 0; r < 200; ++r) {
    EXPECT_EQ(draw_parameter(bare, "p", ReplicaKey::make(5, r), 0.0),
              draw_parameter(equal, "p", ReplicaKey::make(5, r), 0.0));
  }
  EXPECT_DOUBLE_EQ(distribution_mean(bare, 0.0), 13.0 / 3.0);
}

TEST(Distribution, TruncatedNormalStaysInBounds) {
  const Distribution d = parse("normal { mean: 0 sd: 1 lo: -0.5 hi: 2 }");
  for (std::uint32_t r = 0; r < 2000; ++r) {
    const double x = draw_parameter(d, "p", ReplicaKey::make(3, r), 0.0);
    EXPECT_GE(x, -0.5);
    EXPECT_LE(x, 2.0);
  }
}

TEST(Distribution, FixedAndUnsetAndPathKeyed) {
  EXPECT_EQ(draw_parameter(parse("fixed: 0.25"), "p", ReplicaKey::make(1, 0), 9.0), 0.25);
  EXPECT_EQ(draw_parameter(Distribution{}, "p", ReplicaKey::make(1, 0), 9.0), 9.0);
  const Distribution u = parse("uniform { lo: 0 hi: 1 }");
  const ReplicaKey key = ReplicaKey::make(5, 3);
  EXPECT_EQ(draw_parameter(u, "a.rate", key, 0.0), draw_parameter(u, "a.rate", key, 0.0));
  EXPECT_NE(draw_parameter(u, "a.rate", key, 0.0), draw_parameter(u, "b.rate", key, 0.0));
}

}  // namespace
}  // namespace blocsim
