#include "blocsim/agents/world_graph.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <queue>
#include <string>
#include <vector>

#include "support/small_world.hpp"

namespace blocsim {
namespace {

// A (en) sits between B (en) and C (fr), 40 degrees of longitude from each along the equator, so
// the pairs A-B and A-C are equally far apart and differ only in their language. D (de) is far
// north and tiny.
Geography four_places(double same_language) {
  Geography g;
  g.lat = {0.0, 0.0, 0.0, 60.0};
  g.lon = {0.0, 40.0, -40.0, 10.0};
  g.language = {"en", "en", "fr", "de"};
  g.same_language = same_language;
  return g;
}

using test_support::developers_by_nation;

TEST(GravityFlows, SymmetricZeroDiagonalAndNormalisedOverPairs) {
  const std::vector<double> mass = {28.8, 18.7, 4.1, 0.5};
  const Eigen::MatrixXd g = gravity_flows(mass, four_places(5.0));
  ASSERT_EQ(g.rows(), 4);
  ASSERT_EQ(g.cols(), 4);
  double upper = 0.0;
  for (Eigen::Index a = 0; a < 4; ++a) {
    EXPECT_EQ(g(a, a), 0.0);
    for (Eigen::Index b = 0; b < 4; ++b) {
      EXPECT_NEAR(g(a, b), g(b, a), 1e-15);
      if (a != b) {
        EXPECT_GT(g(a, b), 0.0);
      }
      if (b > a) upper += g(a, b);
    }
  }
  EXPECT_NEAR(upper, 1.0, 1e-12);
}

TEST(GravityFlows, FollowMassesAndTheLanguageMultiplier) {
  const std::vector<double> equal = {1.0, 1.0, 1.0, 1.0};
  const Eigen::MatrixXd plain = gravity_flows(equal, four_places(1.0));
  // A-B and A-C are equally far apart (the haversine is symmetric in longitude).
  EXPECT_NEAR(plain(0, 1) / plain(0, 2), 1.0, 1e-12);
  const Eigen::MatrixXd shared = gravity_flows(equal, four_places(5.0));
  EXPECT_NEAR(shared(0, 1) / shared(0, 2), 5.0, 1e-12);
  // Doubling one mass doubles its flows relative to the others.
  const Eigen::MatrixXd heavy = gravity_flows({2.0, 1.0, 1.0, 1.0}, four_places(1.0));
  EXPECT_NEAR(heavy(0, 1) / heavy(1, 2), 2.0 * plain(0, 1) / plain(1, 2), 1e-12);
}

TEST(GravityFlows, DistanceFloorKeepsNeighboursFinite) {
  Geography g;
  g.lat = {10.0, 10.0};
  g.lon = {20.0, 20.0};   // the same place: distance floored at 0.5 thousand km
  g.language = {"", ""};  // no language: never "shared"
  g.same_language = 5.0;
  const Eigen::MatrixXd flows = gravity_flows({1.0, 3.0}, g);
  EXPECT_NEAR(flows(0, 1), 1.0, 1e-15);
}

class DeveloperTies : public ::testing::Test {
 protected:
  static constexpr std::uint32_t kBig = 3000;
  std::vector<std::uint32_t> counts_ = {kBig, kBig, kBig, 5};
  Developers developers_ = developers_by_nation(counts_);
  Geography geography_ = four_places(5.0);
  DeveloperTieSettings settings_{8, 0.1, 1.0};

  std::size_t nation_of(std::uint32_t v) const { return developers_.nation[v]; }
  // Ties between the blocks of nations a and b (a != b), or inside block a (a == b).
  std::uint64_t ties_between(const DeveloperGraph& g, std::size_t a, std::size_t b) const {
    std::uint64_t count = 0;
    for (std::uint32_t v = developers_.first[a]; v < developers_.first[a + 1]; ++v) {
      for (const std::uint32_t u : g.neighbours(v)) count += nation_of(u) == b ? 1 : 0;
    }
    return a == b ? count / 2 : count;
  }
};

TEST_F(DeveloperTies, ReproducibleForTheSameKey) {
  const DeveloperGraph a =
      build_developer_ties(developers_, geography_, settings_, ReplicaKey::make(5, 2));
  const DeveloperGraph b =
      build_developer_ties(developers_, geography_, settings_, ReplicaKey::make(5, 2));
  EXPECT_EQ(a.offsets(), b.offsets());
  EXPECT_EQ(a.targets(), b.targets());
  const DeveloperGraph c =
      build_developer_ties(developers_, geography_, settings_, ReplicaKey::make(5, 3));
  EXPECT_NE(a.targets(), c.targets());
}

TEST_F(DeveloperTies, WithinNationSmallWorldAndCompleteTinyNations) {
  const DeveloperGraph g =
      build_developer_ties(developers_, geography_, settings_, ReplicaKey::make(5, 2));
  ASSERT_EQ(g.vertices(), developers_.size());
  // Watts-Strogatz keeps n k / 2 ties; a nation too small for the ring is complete: 5 x 4 / 2.
  for (std::size_t n = 0; n < 3; ++n) EXPECT_EQ(ties_between(g, n, n), kBig * 8u / 2u) << n;
  EXPECT_EQ(ties_between(g, 3, 3), 10u);
}

TEST_F(DeveloperTies, EachNationsBlockIsConnected) {
  const DeveloperGraph g =
      build_developer_ties(developers_, geography_, settings_, ReplicaKey::make(5, 2));
  for (std::size_t n = 0; n < counts_.size(); ++n) {
    const std::uint32_t first = developers_.first[n];
    const std::uint32_t last = developers_.first[n + 1];
    // Breadth-first search from the block's first agent over ties inside the block.
    std::vector<char> seen(last - first, 0);
    std::queue<std::uint32_t> queue;
    queue.push(first);
    seen[0] = 1;
    std::uint32_t reached = 1;
    while (!queue.empty()) {
      const std::uint32_t v = queue.front();
      queue.pop();
      for (const std::uint32_t u : g.neighbours(v)) {
        if (u < first || u >= last || seen[u - first]) continue;
        seen[u - first] = 1;
        ++reached;
        queue.push(u);
      }
    }
    EXPECT_EQ(reached, last - first) << "nation " << n;
  }
}

TEST_F(DeveloperTies, CrossTiesFollowGravityAndFavourSharedLanguage) {
  const DeveloperGraph g =
      build_developer_ties(developers_, geography_, settings_, ReplicaKey::make(5, 2));
  std::vector<double> agents(counts_.begin(), counts_.end());
  const Eigen::MatrixXd flows = gravity_flows(agents, geography_);
  const double total = settings_.ties_across * developers_.size() / 2.0;
  for (std::size_t a = 0; a < counts_.size(); ++a) {
    for (std::size_t b = a + 1; b < counts_.size(); ++b) {
      // Stochastic rounding: the count is the expected count rounded down or up.
      const double expected =
          total * flows(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
      const auto count = static_cast<double>(ties_between(g, a, b));
      EXPECT_LT(std::abs(count - expected), 1.0) << a << "-" << b;
    }
  }
  // A-B share a language, A-C do not, at the same distance and size.
  EXPECT_GT(ties_between(g, 0, 1), 4 * ties_between(g, 0, 2));
}

TEST(WorldGraph, NationsLabsAndTradeRoutes) {
  Nations nations;
  nations.id = {"A", "B", "C", "D"};
  nations.gdp = {28.8, 18.7, 4.1, 0.5};
  Labs labs;
  labs.id = {"lab0", "lab1"};
  labs.home = {0, 1};
  const WorldGraph g = build_world_graph(nations, labs, four_places(5.0));
  ASSERT_EQ(boost::num_vertices(g), 6u);
  EXPECT_EQ(g[0].kind, VertexKind::kNation);
  EXPECT_EQ(g[3].id, "D");
  EXPECT_EQ(g[4].kind, VertexKind::kLab);
  EXPECT_EQ(g[5].id, "lab1");
  std::size_t lab_edges = 0;
  std::size_t routes = 0;
  double route_weight = 0.0;
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const WorldEdge& e = g[*it];
    if (e.kind == EdgeKind::kLabHome) {
      ++lab_edges;
      const auto lab = boost::source(*it, g) >= 4 ? boost::source(*it, g) : boost::target(*it, g);
      const auto home = boost::source(*it, g) >= 4 ? boost::target(*it, g) : boost::source(*it, g);
      EXPECT_EQ(home, labs.home[lab - 4]);
    } else {
      ++routes;
      route_weight += e.weight;
    }
  }
  EXPECT_EQ(lab_edges, 2u);
  EXPECT_EQ(routes, 6u);  // every pair of the four nations
  EXPECT_NEAR(route_weight, 1.0, 1e-12);
}

}  // namespace
}  // namespace blocsim
