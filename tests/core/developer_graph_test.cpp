#include "blocsim/core/developer_graph.hpp"

#include "blocsim/core/random_stream.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace blocsim {
namespace {

using TieVector = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// The invariants every consumer of the CSR relies on: well-formed offsets, rows strictly
// increasing (sorted, no duplicate), no self-loop, and every tie present in both rows. Plain
// comparisons with one assertion at the end, because 2 10^7 gtest assertions take seconds.
void expect_valid_csr(const DeveloperGraph& graph) {
  const auto& offsets = graph.offsets();
  const auto& targets = graph.targets();
  ASSERT_EQ(offsets.size(), static_cast<std::size_t>(graph.vertices()) + 1);
  ASSERT_EQ(offsets.front(), 0U);
  ASSERT_EQ(offsets.back(), targets.size());
  ASSERT_EQ(targets.size() % 2, 0U);
  std::uint64_t degree_sum = 0;
  std::string failure;
  const auto tie = [](std::uint32_t u, std::uint32_t w) {
    return std::to_string(u) + "-" + std::to_string(w);
  };
  for (std::uint32_t v = 0; v < graph.vertices() && failure.empty(); ++v) {
    if (offsets[v] > offsets[v + 1]) {
      failure = "offsets decrease at " + std::to_string(v);
      break;
    }
    const auto row = graph.neighbours(v);
    degree_sum += graph.degree(v);
    for (std::size_t i = 0; i < row.size() && failure.empty(); ++i) {
      if (row[i] >= graph.vertices()) {
        failure = "tie " + tie(v, row[i]) + " leaves the graph";
      } else if (row[i] == v) {
        failure = "self-loop " + tie(v, row[i]);
      } else if (i > 0 && row[i - 1] >= row[i]) {
        failure = "row " + std::to_string(v) + " unsorted or duplicated at " + tie(v, row[i]);
      } else {
        const auto back = graph.neighbours(row[i]);
        if (!std::binary_search(back.begin(), back.end(), v)) {
          failure = "tie " + tie(v, row[i]) + " missing from row " + std::to_string(row[i]);
        }
      }
    }
  }
  EXPECT_EQ(failure, "");
  EXPECT_EQ(degree_sum, 2 * graph.ties());
}

TEST(DeveloperGraph, DefaultIsEmpty) {
  const DeveloperGraph graph;
  EXPECT_EQ(graph.vertices(), 0U);
  EXPECT_EQ(graph.ties(), 0U);
  expect_valid_csr(graph);
}

TEST(DeveloperGraph, StoresEachTieInBothRowsSorted) {
  const DeveloperGraph graph(5, {{3, 1}, {0, 4}, {1, 0}, {4, 3}});
  expect_valid_csr(graph);
  EXPECT_EQ(graph.ties(), 4U);
  EXPECT_EQ(std::vector<std::uint32_t>(graph.neighbours(0).begin(), graph.neighbours(0).end()),
            (std::vector<std::uint32_t>{1, 4}));
  EXPECT_EQ(std::vector<std::uint32_t>(graph.neighbours(1).begin(), graph.neighbours(1).end()),
            (std::vector<std::uint32_t>{0, 3}));
  EXPECT_EQ(graph.degree(2), 0U);
  EXPECT_EQ(std::vector<std::uint32_t>(graph.neighbours(4).begin(), graph.neighbours(4).end()),
            (std::vector<std::uint32_t>{0, 3}));
}

TEST(DeveloperGraph, DropsSelfLoopsAndDuplicateTies) {
  // {0,1} three times in both orientations, {2,2} and {3,3} self-loops, {1,2} twice.
  const DeveloperGraph graph(4, {{0, 1}, {1, 0}, {2, 2}, {0, 1}, {1, 2}, {3, 3}, {2, 1}});
  expect_valid_csr(graph);
  EXPECT_EQ(graph.ties(), 2U);
  EXPECT_EQ(graph.degree(0), 1U);
  EXPECT_EQ(graph.degree(1), 2U);
  EXPECT_EQ(graph.degree(2), 1U);
  EXPECT_EQ(graph.degree(3), 0U);
}

TEST(DeveloperGraph, OnlySelfLoopsGiveNoTies) {
  const DeveloperGraph graph(3, {{0, 0}, {2, 2}});
  expect_valid_csr(graph);
  EXPECT_EQ(graph.ties(), 0U);
  EXPECT_EQ(graph.vertices(), 3U);
}

TEST(DeveloperGraph, RejectsVerticesOutOfRange) {
  EXPECT_THROW(DeveloperGraph(3, {{0, 3}}), std::invalid_argument);
  EXPECT_THROW(DeveloperGraph(0, {{0, 0}}), std::invalid_argument);
}

TEST(DeveloperGraph, DependsOnlyOnTheSetOfTies) {
  const TieVector ties = {{5, 2}, {0, 9}, {7, 3}, {2, 5}, {1, 8}, {9, 0}, {4, 6}, {6, 6}};
  TieVector reversed(ties.rbegin(), ties.rend());
  TieVector flipped;
  for (const auto& [u, v] : ties) flipped.emplace_back(v, u);
  const DeveloperGraph a(10, ties);
  const DeveloperGraph b(10, reversed);
  const DeveloperGraph c(10, flipped);
  EXPECT_EQ(a.offsets(), b.offsets());
  EXPECT_EQ(a.targets(), b.targets());
  EXPECT_EQ(a.offsets(), c.offsets());
  EXPECT_EQ(a.targets(), c.targets());
}

TEST(DeveloperGraph, MatchesAReferenceOnRandomMultigraph) {
  // Few vertices and many ties, so duplicates and self-loops are common.
  constexpr std::uint32_t kVertices = 300;
  RandomStream stream(ReplicaKey::make(11, 0), Purpose::kTest, 0, 0);
  TieVector ties(20000);
  for (auto& [u, v] : ties) {
    u = stream.below(kVertices);
    v = stream.below(kVertices);
  }
  TieVector reference;
  for (const auto& [u, v] : ties) {
    if (u != v) {
      reference.emplace_back(u, v);
      reference.emplace_back(v, u);
    }
  }
  std::sort(reference.begin(), reference.end());
  reference.erase(std::unique(reference.begin(), reference.end()), reference.end());

  const DeveloperGraph graph(kVertices, ties);
  expect_valid_csr(graph);
  ASSERT_EQ(graph.targets().size(), reference.size());
  std::size_t i = 0;
  for (std::uint32_t v = 0; v < kVertices; ++v) {
    for (const std::uint32_t u : graph.neighbours(v)) {
      EXPECT_EQ(reference[i], std::make_pair(v, u));
      ++i;
    }
  }
}

TEST(DeveloperGraph, HandlesAMillionVerticesAndTenMillionTies) {
  // The scale the adoption step is designed for; checks the counting sort end to end.
  constexpr std::uint32_t kVertices = 1'000'000;
#if defined(__SANITIZE_ADDRESS__)
  // The sanitizer build checks memory safety on the same path; at full scale it takes ~20 s.
  constexpr std::size_t kTies = 1'000'000;
#else
  constexpr std::size_t kTies = 10'000'000;
#endif
  RandomStream stream(ReplicaKey::make(12, 0), Purpose::kTest, 0, 0);
  TieVector ties(kTies);
  for (auto& [u, v] : ties) {
    u = stream.below(kVertices);
    v = stream.below(kVertices);
  }
  const auto self_loops = static_cast<std::uint64_t>(
      std::count_if(ties.begin(), ties.end(), [](const auto& t) { return t.first == t.second; }));
  const DeveloperGraph graph(kVertices, std::move(ties));
  EXPECT_EQ(graph.vertices(), kVertices);
  // About 10 self-loops and 100 repeated pairs are expected among 10^7 uniform pairs
  // (m^2 / 2 over 5 10^11 possible pairs).
  EXPECT_LE(graph.ties(), kTies - self_loops);
  EXPECT_GE(graph.ties(), kTies - self_loops - 1000);
  expect_valid_csr(graph);
}

}  // namespace
}  // namespace blocsim
