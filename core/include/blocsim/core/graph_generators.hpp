#pragma once
// Generators of the developer layer's ties. Every random generator draws only from the
// RandomStream it is given (constructed by the caller with Purpose::kGraph), so a replica's graph
// is a pure function of its stream coordinates and never depends on a standard library's
// <random> distributions.
//
// The add_* functions APPEND undirected ties on a block of vertices [first, first + n), so that a
// caller can build one block per nation and then add cross-block ties with
// add_random_bipartite_ties before building one DeveloperGraph from the whole list. Ties that
// an add_* function appends are simple within the block it builds (no self-loop, no duplicate);
// ties already in the list are neither read nor checked. Invalid arguments throw
// std::invalid_argument before anything is appended.
//
// Draws consumed depend on the outcome (rejections, geometric skips), so a stream that has built
// one block should not be assumed to sit at a fixed position afterwards; give each block its own
// stream (for example its own agent coordinate) when blocks must be independent of each other.

#include "blocsim/core/developer_graph.hpp"
#include "blocsim/core/random_stream.hpp"

#include <cstdint>
#include <utility>
#include <vector>

namespace blocsim {

using Tie = std::pair<std::uint32_t, std::uint32_t>;
using TieList = std::vector<Tie>;

// Every pair of the block: n (n - 1) / 2 ties.
void add_complete_ties(TieList& ties, std::uint32_t first, std::uint32_t n);

// Ring lattice: vertex i is tied to the k / 2 nearest vertices on each side around the ring.
// k must be even and below n (so that no pair is reached from both sides); k = 0 adds nothing.
// Ties are appended distance-major: all (i, i + 1), then all (i, i + 2), ..., i ascending.
void add_ring_lattice_ties(TieList& ties, std::uint32_t first, std::uint32_t n, std::uint32_t k);

// Erdos-Renyi G(n, p): every one of the n (n - 1) / 2 pairs is present independently with
// probability p, in O(n + m) time by skipping geometric gaps between present pairs (Batagelj and
// Brandes 2005, "Efficient generation of large random networks", Phys. Rev. E 71, 036113).
// p in [0, 1]; p = 1 gives the complete graph without drawing.
void add_erdos_renyi_ties(TieList& ties, std::uint32_t first, std::uint32_t n, double p,
                          RandomStream& stream);

// Watts-Strogatz small world: the ring lattice of add_ring_lattice_ties, then each lattice tie
// (i, i + d), taken in the lattice's order, keeps i and has its far end moved with probability
// beta to a vertex drawn uniformly among those not already tied to i (nor i itself), as in
// Watts and Strogatz (1998) and networkx. When i is already tied to every other vertex the tie
// stays where it is, so the number of ties is always n k / 2. beta in [0, 1].
void add_watts_strogatz_ties(TieList& ties, std::uint32_t first, std::uint32_t n, std::uint32_t k,
                             double beta, RandomStream& stream);

// n degrees drawn independently from the discrete power law P(k) proportional to k^-gamma on
// kmin <= k <= kmax (1 <= kmin <= kmax), by inverting its cumulative distribution.
std::vector<std::uint32_t> draw_power_law_degrees(std::uint32_t n, double gamma, std::uint32_t kmin,
                                                  std::uint32_t kmax, RandomStream& stream);

// What the configuration model erased to keep the graph simple.
struct ConfigurationModelReport {
  std::uint64_t stubs = 0;        // sum of the requested degrees
  std::uint64_t ties_added = 0;   // simple ties appended
  std::uint64_t self_loops = 0;   // stub pairs joining a vertex to itself, dropped
  std::uint64_t multi_ties = 0;   // stub pairs repeating a tie already formed, dropped
  bool odd_stub_dropped = false;  // an odd stub total leaves one stub unmatched
};

// Configuration model: vertex first + i gets degrees[i] stubs, the stubs are shuffled uniformly
// (Fisher-Yates) and matched in consecutive pairs. Self-loops and repeated ties are dropped rather
// than rematched, which keeps the matching uniform but ERASES a few ties: the realised degree of a
// vertex can fall below its requested degree, mostly at hubs. The erased fraction vanishes as n
// grows while kmax stays at most of order sqrt(stubs) (the structural cut-off) but need not
// beyond it; the report says how many were erased. Appended ties are sorted by (smaller end, larger
// end).
ConfigurationModelReport add_configuration_model_ties(TieList& ties, std::uint32_t first,
                                                      const std::vector<std::uint32_t>& degrees,
                                                      RandomStream& stream);

// Power-law configuration model: draw_power_law_degrees then add_configuration_model_ties, from
// the same stream. kmax must be below n.
ConfigurationModelReport add_power_law_ties(TieList& ties, std::uint32_t first, std::uint32_t n,
                                            double gamma, std::uint32_t kmin, std::uint32_t kmax,
                                            RandomStream& stream);

// `count` distinct ties (a, b), a in [a_first, a_first + a_n) and b in [b_first, b_first + b_n),
// chosen uniformly among all such sets of ties (for the sparser ties across nations). The blocks
// must not overlap and count must not exceed a_n * b_n. Appended ties are sorted by (a, b).
void add_random_bipartite_ties(TieList& ties, std::uint32_t block_a_first, std::uint32_t block_a_n,
                               std::uint32_t block_b_first, std::uint32_t block_b_n,
                               std::uint64_t count, RandomStream& stream);

// Whole graphs on vertices [0, n), for worlds of one block and for tests.
DeveloperGraph complete_graph(std::uint32_t n);
DeveloperGraph ring_lattice_graph(std::uint32_t n, std::uint32_t k);
DeveloperGraph erdos_renyi_graph(std::uint32_t n, double p, RandomStream& stream);
DeveloperGraph watts_strogatz_graph(std::uint32_t n, std::uint32_t k, double beta,
                                    RandomStream& stream);
DeveloperGraph power_law_graph(std::uint32_t n, double gamma, std::uint32_t kmin,
                               std::uint32_t kmax, RandomStream& stream);

}  // namespace blocsim
