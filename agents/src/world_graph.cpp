#include "blocsim/agents/world_graph.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "blocsim/core/graph_generators.hpp"

namespace blocsim {

namespace {

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusKm = 6371.0;
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

// Ties inside one nation's block of agents. A ring needs more agents than neighbours and a power
// law's largest degree must stay below the agents: tiny nations get a complete graph instead.
void add_ties_within(TieList& ties, std::uint32_t first, std::uint32_t count,
                     const DeveloperTieSettings& settings, RandomStream& stream) {
  const bool ring_fits = count > settings.ties_within + 1;
  switch (settings.kind) {
    case TieGraphKind::kSmallWorld:
      if (ring_fits) {
        add_watts_strogatz_ties(ties, first, count, settings.ties_within, settings.rewire, stream);
        return;
      }
      break;
    case TieGraphKind::kRingLattice:
      if (ring_fits) {
        add_ring_lattice_ties(ties, first, count, settings.ties_within);
        return;
      }
      break;
    case TieGraphKind::kComplete:
      break;
    case TieGraphKind::kErdosRenyi: {
      const double p = count > 1 ? settings.mean_degree / (count - 1.0) : 0.0;
      add_erdos_renyi_ties(ties, first, count, std::min(p, 1.0), stream);
      return;
    }
    case TieGraphKind::kPowerLaw: {
      const std::uint32_t kmax = std::min(settings.max_degree, count > 0 ? count - 1 : 0);
      if (settings.min_degree <= kmax) {
        add_power_law_ties(ties, first, count, settings.gamma, settings.min_degree, kmax, stream);
        return;
      }
      break;
    }
  }
  add_complete_ties(ties, first, count);
}

}  // namespace

Eigen::MatrixXd gravity_flows(const std::vector<double>& mass, const Geography& geography) {
  const auto n = static_cast<Eigen::Index>(mass.size());
  Eigen::MatrixXd inverse_distance_sq = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index a = 0; a < n; ++a) {
    for (Eigen::Index b = 0; b < n; ++b) {
      if (a == b) continue;
      const auto ua = static_cast<std::size_t>(a);
      const auto ub = static_cast<std::size_t>(b);
      const double d = std::max(0.5, great_circle_km(geography.lat[ua], geography.lon[ua],
                                                     geography.lat[ub], geography.lon[ub]) /
                                         1000.0);
      const bool shared =
          !geography.language[ua].empty() && geography.language[ua] == geography.language[ub];
      inverse_distance_sq(a, b) = (shared ? geography.same_language : 1.0) / (d * d);
    }
  }
  const Eigen::Map<const Eigen::VectorXd> m(mass.data(), n);
  // G = diag(m) K diag(m), then normalised over unordered pairs (half the symmetric sum).
  Eigen::MatrixXd flows = m.asDiagonal() * inverse_distance_sq * m.asDiagonal();
  const double total = flows.sum() / 2.0;
  if (total > 0.0) flows /= total;
  return flows;
}

WorldGraph build_world_graph(const Nations& nations, const Labs& labs, const Geography& geography) {
  const std::size_t N = nations.size();
  WorldGraph graph(N + labs.size());
  for (std::size_t n = 0; n < N; ++n) {
    graph[n] = {VertexKind::kNation, static_cast<std::uint16_t>(n), nations.id[n]};
  }
  for (std::size_t l = 0; l < labs.size(); ++l) {
    graph[N + l] = {VertexKind::kLab, static_cast<std::uint16_t>(l), labs.id[l]};
    boost::add_edge(N + l, labs.home[l], WorldEdge{EdgeKind::kLabHome, 1.0}, graph);
  }
  const Eigen::MatrixXd flows = gravity_flows(nations.gdp, geography);
  for (std::size_t a = 0; a < N; ++a) {
    for (std::size_t b = a + 1; b < N; ++b) {
      const double w = flows(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
      if (w > 0.0) boost::add_edge(a, b, WorldEdge{EdgeKind::kTradeRoute, w}, graph);
    }
  }
  return graph;
}

DeveloperGraph build_developer_ties(const Developers& developers, const Geography& geography,
                                    const DeveloperTieSettings& settings, ReplicaKey key) {
  const std::size_t N = developers.first.size() - 1;
  TieList ties;
  ties.reserve(static_cast<std::size_t>(developers.size()) *
               (settings.ties_within / 2 + static_cast<std::size_t>(settings.ties_across) + 1));
  std::vector<double> agents(N);
  for (std::size_t n = 0; n < N; ++n) {
    const std::uint32_t first = developers.first[n];
    const std::uint32_t count = developers.first[n + 1] - first;
    agents[n] = count;
    RandomStream stream(key, Purpose::kGraph, 0, static_cast<std::uint32_t>(n));
    add_ties_within(ties, first, count, settings, stream);
  }
  // Cross-nation ties: the expected total, split over nation pairs by gravity on agent counts.
  const Eigen::MatrixXd flows = gravity_flows(agents, geography);
  const double total = settings.ties_across * developers.size() / 2.0;
  for (std::size_t a = 0; a < N; ++a) {
    for (std::size_t b = a + 1; b < N; ++b) {
      const double expected =
          total * flows(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
      RandomStream stream(key, Purpose::kGraph, 1, static_cast<std::uint32_t>(a * N + b));
      // Stochastic rounding keeps the expected count exact for small pairs.
      auto count = static_cast<std::uint64_t>(expected);
      if (stream.uniform() < expected - static_cast<double>(count)) ++count;
      if (count == 0 || agents[a] == 0 || agents[b] == 0) continue;
      add_random_bipartite_ties(ties, developers.first[a], static_cast<std::uint32_t>(agents[a]),
                                developers.first[b], static_cast<std::uint32_t>(agents[b]), count,
                                stream);
    }
  }
  return DeveloperGraph(developers.size(), std::move(ties));
}

}  // namespace blocsim
