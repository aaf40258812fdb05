#pragma once
// The world as one graph. Nations and labs are vertices of a Boost adjacency_list with bundled
// properties; its edges are trade routes between nations (gravity weights) and each lab's tie to
// its home nation. The developer layer, read every month, is kept beside it as compressed sparse
// rows (Developers::ties), with each developer's nation as its tie to a nation vertex.
// The trade weights also decide where cross-nation developer ties form.

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <boost/graph/adjacency_list.hpp>

#include "blocsim/agents/world.hpp"
#include "blocsim/core/random_stream.hpp"

namespace blocsim {

enum class VertexKind : std::uint8_t { kNation, kLab };
enum class EdgeKind : std::uint8_t { kTradeRoute, kLabHome };

struct WorldVertex {
  VertexKind kind = VertexKind::kNation;
  std::uint16_t index = 0;  // nation or lab id
  std::string id;
};

struct WorldEdge {
  EdgeKind kind = EdgeKind::kTradeRoute;
  double weight = 0.0;  // trade routes: share of the world's gravity flow
};

using WorldGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, WorldVertex, WorldEdge>;

// Where nations sit and what their developers speak, for the gravity model.
struct Geography {
  std::vector<double> lat;  // degrees
  std::vector<double> lon;  // degrees
  std::vector<std::string> language;
  double same_language = 1.0;  // multiplier on the flow between nations sharing a language
};

// Gravity flows G_ab = m_a m_b L_ab / d_ab^2 between distinct nations, normalised to sum to 1
// over unordered pairs; m are masses (GDP or developers), d great-circle distance in 1000 km
// (at least 0.5), L the same-language multiplier.
Eigen::MatrixXd gravity_flows(const std::vector<double>& mass, const Geography& geography);

// Nation vertices 0..N-1, then lab vertices N..N+L-1. Trade routes carry gravity on GDP.
WorldGraph build_world_graph(const Nations& nations, const Labs& labs, const Geography& geography);

// The graph of ties inside a nation (core/graph_generators.hpp builds each).
enum class TieGraphKind : std::uint8_t {
  kSmallWorld,   // Watts-Strogatz: ring of ties_within neighbours, ties rewired with rewire
  kComplete,     // every pair
  kRingLattice,  // ring of ties_within neighbours
  kErdosRenyi,   // each pair with probability mean_degree / (agents - 1)
  kPowerLaw,     // configuration model on degrees P(k) ~ k^-gamma, min_degree..max_degree
};

struct DeveloperTieSettings {
  std::uint32_t ties_within = 8;  // ring neighbours inside a nation (small world, ring lattice)
  double rewire = 0.1;            // small world
  double ties_across = 1.0;       // mean cross-nation ties per agent
  TieGraphKind kind = TieGraphKind::kSmallWorld;
  double mean_degree = 0.0;      // Erdos-Renyi
  double gamma = 2.5;            // power law
  std::uint32_t min_degree = 1;  // power law
  std::uint32_t max_degree = 1;  // power law; capped at a nation's agents - 1
};

// Builds the developer ties: the chosen graph inside each nation's block of agents (a complete
// graph for a nation too small for it), and cross-nation ties split among nation pairs by
// gravity on developer counts (same-language pairs weigh more).
DeveloperGraph build_developer_ties(const Developers& developers, const Geography& geography,
                                    const DeveloperTieSettings& settings, ReplicaKey key);

}  // namespace blocsim
