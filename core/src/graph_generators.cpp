#include "blocsim/core/graph_generators.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace blocsim {
namespace {

constexpr std::uint64_t kMaxVertexEnd = std::numeric_limits<std::uint32_t>::max();

void check_block(const char* what, std::uint32_t first, std::uint64_t n) {
  // The largest id must leave room for DeveloperGraph's uint32 vertex count.
  if (first + n > kMaxVertexEnd) {
    throw std::invalid_argument(std::string(what) + ": block [" + std::to_string(first) + ", " +
                                std::to_string(first + n) + ") does not fit 32-bit vertex ids");
  }
}

void check_probability(const char* what, double p) {
  if (!(p >= 0.0 && p <= 1.0)) {
    throw std::invalid_argument(std::string(what) + ": probability " + std::to_string(p) +
                                " is outside [0, 1]");
  }
}

void check_lattice(const char* what, std::uint32_t n, std::uint32_t k) {
  if (k % 2 != 0 || (k > 0 && k >= n)) {
    throw std::invalid_argument(std::string(what) + ": k = " + std::to_string(k) +
                                " must be even and below n = " + std::to_string(n));
  }
}

// Blocks appended one after another must not each shrink capacity to an exact fit, or building
// hundreds of nation blocks would copy the list hundreds of times.
void reserve_more(TieList& ties, std::uint64_t extra) {
  const std::uint64_t need = ties.size() + extra;
  if (need > ties.capacity()) ties.reserve(std::max<std::uint64_t>(need, 2 * ties.capacity()));
}

// Uniform integer in [0, n), n > 0, exactly. RandomStream::below's bias (up to n / 2^32) would
// reach a few tenths of a percent when shuffling 10^7 stubs, so the 32-bit case uses Lemire's
// multiply-shift with its rejection step, and ranges beyond 32 bits (pair indices) reject on the
// smallest covering power of two.
std::uint64_t uniform_below(RandomStream& stream, std::uint64_t n) {
  if (n <= std::numeric_limits<std::uint32_t>::max()) {
    const auto range = static_cast<std::uint32_t>(n);
    std::uint64_t product = static_cast<std::uint64_t>(stream.next_u32()) * range;
    if (static_cast<std::uint32_t>(product) < range) {
      const std::uint32_t threshold = (0U - range) % range;  // 2^32 mod range
      while (static_cast<std::uint32_t>(product) < threshold) {
        product = static_cast<std::uint64_t>(stream.next_u32()) * range;
      }
    }
    return product >> 32;
  }
  const std::uint64_t mask = ~std::uint64_t{0} >> std::countl_zero(n - 1);
  for (;;) {
    // Two statements, because the order of two calls within one expression is unspecified.
    const std::uint64_t hi = stream.next_u32();
    const std::uint64_t lo = stream.next_u32();
    const std::uint64_t x = ((hi << 32) | lo) & mask;
    if (x < n) return x;
  }
}

std::uint64_t pair_key(std::uint32_t u, std::uint32_t v) {
  if (u > v) std::swap(u, v);
  return (static_cast<std::uint64_t>(u) << 32) | v;
}

// Open-addressing set of ties for Watts-Strogatz's duplicate test. Only rewired ties go in, so
// it stays a fraction beta of the lattice; lattice ties are tested by arithmetic instead.
class TieSet {
 public:
  bool contains(std::uint64_t key) const {
    if (slots_.empty()) return false;
    for (std::size_t i = slot_of(key);; i = (i + 1) & mask()) {
      if (slots_[i] == key) return true;
      if (slots_[i] == kEmpty) return false;
    }
  }
  void insert(std::uint64_t key) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    std::size_t i = slot_of(key);
    while (slots_[i] != kEmpty && slots_[i] != key) i = (i + 1) & mask();
    if (slots_[i] == kEmpty) {
      slots_[i] = key;
      ++size_;
    }
  }

 private:
  // No key equals it: keys pack u < v, and this would need u = v = 2^32 - 1.
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

  std::size_t mask() const { return slots_.size() - 1; }
  std::size_t slot_of(std::uint64_t key) const {
    return static_cast<std::size_t>(hash_seed(key)) & mask();
  }
  void grow() {
    std::vector<std::uint64_t> old(std::max<std::size_t>(64, 2 * slots_.size()), kEmpty);
    old.swap(slots_);
    size_ = 0;
    for (const std::uint64_t key : old) {
      if (key != kEmpty) insert(key);
    }
  }

  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

// `want` distinct values of [0, n), uniform over such sets, sorted. Draws with replacement in
// batches of exactly the missing number and removes repeats, so the result is the set of the
// first `want` distinct values of an i.i.d. uniform sequence, which is uniform by symmetry.
// Needs want <= n / 2 to stay fast (at most about 1.4 want draws).
std::vector<std::uint64_t> sample_distinct(std::uint64_t want, std::uint64_t n,
                                           RandomStream& stream) {
  std::vector<std::uint64_t> chosen;
  chosen.reserve(want);
  while (chosen.size() < want) {
    const auto have = static_cast<std::ptrdiff_t>(chosen.size());
    for (std::uint64_t i = chosen.size(); i < want; ++i) chosen.push_back(uniform_below(stream, n));
    std::sort(chosen.begin() + have, chosen.end());
    std::inplace_merge(chosen.begin(), chosen.begin() + have, chosen.end());
    chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  }
  return chosen;
}

}  // namespace

void add_complete_ties(TieList& ties, std::uint32_t first, std::uint32_t n) {
  check_block("add_complete_ties", first, n);
  reserve_more(ties, static_cast<std::uint64_t>(n) * (n - (n > 0 ? 1 : 0)) / 2);
  for (std::uint32_t u = 0; u < n; ++u) {
    for (std::uint32_t v = u + 1; v < n; ++v) ties.emplace_back(first + u, first + v);
  }
}

void add_ring_lattice_ties(TieList& ties, std::uint32_t first, std::uint32_t n, std::uint32_t k) {
  check_block("add_ring_lattice_ties", first, n);
  check_lattice("add_ring_lattice_ties", n, k);
  reserve_more(ties, static_cast<std::uint64_t>(n) * (k / 2));
  for (std::uint32_t d = 1; d <= k / 2; ++d) {
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint32_t far = d < n - i ? i + d : d - (n - i);
      ties.emplace_back(first + i, first + far);
    }
  }
}

void add_erdos_renyi_ties(TieList& ties, std::uint32_t first, std::uint32_t n, double p,
                          RandomStream& stream) {
  check_block("add_erdos_renyi_ties", first, n);
  check_probability("add_erdos_renyi_ties", p);
  if (n < 2 || p == 0.0) return;
  if (p == 1.0) {
    add_complete_ties(ties, first, n);
    return;
  }
  // Pairs (v, w) with w < v are numbered row by row, row v starting at index v (v - 1) / 2.
  // The gap to the next present pair is geometric, P(gap >= g) = (1 - p)^g, which is exactly the
  // law of floor(log U / log(1 - p)); log1p keeps log(1 - p) accurate for tiny p.
  const std::uint64_t pairs = static_cast<std::uint64_t>(n) * (n - 1) / 2;
  const double log_q = std::log1p(-p);
  std::uint64_t next = 0;  // index of the next pair not yet decided
  std::uint32_t v = 1;
  std::uint64_t row_start = 0;
  while (next < pairs) {
    const double gap = std::floor(std::log(stream.uniform()) / log_q);
    // Compared as a double before any conversion: a gap past the last pair may not fit 64 bits.
    if (gap >= static_cast<double>(pairs - next)) break;
    next += static_cast<std::uint64_t>(gap);
    while (next >= row_start + v) {
      row_start += v;
      ++v;
    }
    ties.emplace_back(first + v, first + static_cast<std::uint32_t>(next - row_start));
    ++next;
  }
}

void add_watts_strogatz_ties(TieList& ties, std::uint32_t first, std::uint32_t n, std::uint32_t k,
                             double beta, RandomStream& stream) {
  check_block("add_watts_strogatz_ties", first, n);
  check_lattice("add_watts_strogatz_ties", n, k);
  check_probability("add_watts_strogatz_ties", beta);
  const std::size_t base = ties.size();
  add_ring_lattice_ties(ties, first, n, k);
  if (beta == 0.0 || k == 0) return;

  const std::uint32_t half = k / 2;
  // Lattice tie (i, i + d) sits at base + (d - 1) n + i in `ties`, and at the same index in this
  // bitset once it has been moved away.
  const std::uint64_t lattice = static_cast<std::uint64_t>(n) * half;
  std::vector<std::uint64_t> moved((lattice + 63) / 64, 0);
  const auto lattice_index = [n](std::uint32_t near, std::uint32_t d) {
    return static_cast<std::uint64_t>(d - 1) * n + near;
  };
  const auto is_moved = [&moved](std::uint64_t index) {
    return ((moved[index / 64] >> (index % 64)) & 1U) != 0;
  };
  TieSet rewired;
  // Local ids, a != b. Because k < n, a pair is at ring distance <= k / 2 in at most one
  // direction, so at most one lattice tie can join it; once that tie has moved away the pair can
  // still be tied by an earlier rewiring.
  const auto tied = [&](std::uint32_t a, std::uint32_t b) {
    const std::uint32_t forward = b >= a ? b - a : b + (n - a);
    if (forward <= half && !is_moved(lattice_index(a, forward))) return true;
    if (n - forward <= half && !is_moved(lattice_index(b, n - forward))) return true;
    return rewired.contains(pair_key(a, b));
  };
  std::vector<std::uint32_t> degree(n, k);

  for (std::uint32_t d = 1; d <= half; ++d) {
    for (std::uint32_t i = 0; i < n; ++i) {
      if (!stream.bernoulli(beta)) continue;
      // Tied to everyone else: no vertex to move to, the tie stays.
      if (degree[i] >= n - 1) continue;
      auto target = static_cast<std::uint32_t>(uniform_below(stream, n));
      while (target == i || tied(i, target)) {
        target = static_cast<std::uint32_t>(uniform_below(stream, n));
      }
      const std::uint32_t far = d < n - i ? i + d : d - (n - i);
      const std::uint64_t index = lattice_index(i, d);
      moved[index / 64] |= std::uint64_t{1} << (index % 64);
      rewired.insert(pair_key(i, target));
      --degree[far];
      ++degree[target];
      ties[base + index].second = first + target;
    }
  }
}

std::vector<std::uint32_t> draw_power_law_degrees(std::uint32_t n, double gamma, std::uint32_t kmin,
                                                  std::uint32_t kmax, RandomStream& stream) {
  if (!std::isfinite(gamma) || kmin < 1 || kmin > kmax) {
    throw std::invalid_argument("draw_power_law_degrees: need a finite gamma and 1 <= kmin (" +
                                std::to_string(kmin) + ") <= kmax (" + std::to_string(kmax) + ")");
  }
  // Unnormalised cumulative weights; a uniform on (0, total) is inverted by binary search.
  std::vector<double> cumulative(static_cast<std::size_t>(kmax - kmin) + 1);
  double total = 0.0;
  for (std::size_t j = 0; j < cumulative.size(); ++j) {
    total += std::pow(static_cast<double>(kmin + j), -gamma);
    cumulative[j] = total;
  }
  std::vector<std::uint32_t> degrees(n);
  for (auto& degree : degrees) {
    const double u = stream.uniform() * total;
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
    // Rounding can leave u at the very top; that mass belongs to the last degree.
    const auto j = std::min<std::size_t>(it - cumulative.begin(), cumulative.size() - 1);
    degree = kmin + static_cast<std::uint32_t>(j);
  }
  return degrees;
}

ConfigurationModelReport add_configuration_model_ties(TieList& ties, std::uint32_t first,
                                                      const std::vector<std::uint32_t>& degrees,
                                                      RandomStream& stream) {
  check_block("add_configuration_model_ties", first, degrees.size());
  ConfigurationModelReport report;
  for (const std::uint32_t degree : degrees) report.stubs += degree;

  std::vector<std::uint32_t> stubs;
  stubs.reserve(report.stubs);
  for (std::uint32_t i = 0; i < degrees.size(); ++i)
    stubs.insert(stubs.end(), degrees[i], first + i);
  for (std::uint64_t i = stubs.size(); i > 1; --i) {
    std::swap(stubs[i - 1], stubs[uniform_below(stream, i)]);
  }
  report.odd_stub_dropped = stubs.size() % 2 != 0;

  TieList formed;
  formed.reserve(stubs.size() / 2);
  for (std::uint64_t s = 0; s + 1 < stubs.size(); s += 2) {
    const std::uint32_t a = stubs[s];
    const std::uint32_t b = stubs[s + 1];
    if (a == b) {
      ++report.self_loops;
    } else {
      formed.emplace_back(std::min(a, b), std::max(a, b));
    }
  }
  std::vector<std::uint32_t>().swap(stubs);
  std::sort(formed.begin(), formed.end());
  const auto unique_end = std::unique(formed.begin(), formed.end());
  report.multi_ties = static_cast<std::uint64_t>(formed.end() - unique_end);
  report.ties_added = static_cast<std::uint64_t>(unique_end - formed.begin());
  reserve_more(ties, report.ties_added);
  ties.insert(ties.end(), formed.begin(), unique_end);
  return report;
}

ConfigurationModelReport add_power_law_ties(TieList& ties, std::uint32_t first, std::uint32_t n,
                                            double gamma, std::uint32_t kmin, std::uint32_t kmax,
                                            RandomStream& stream) {
  check_block("add_power_law_ties", first, n);
  if (kmax >= n) {
    throw std::invalid_argument("add_power_law_ties: kmax = " + std::to_string(kmax) +
                                " must be below n = " + std::to_string(n));
  }
  const std::vector<std::uint32_t> degrees = draw_power_law_degrees(n, gamma, kmin, kmax, stream);
  return add_configuration_model_ties(ties, first, degrees, stream);
}

void add_random_bipartite_ties(TieList& ties, std::uint32_t block_a_first, std::uint32_t block_a_n,
                               std::uint32_t block_b_first, std::uint32_t block_b_n,
                               std::uint64_t count, RandomStream& stream) {
  check_block("add_random_bipartite_ties", block_a_first, block_a_n);
  check_block("add_random_bipartite_ties", block_b_first, block_b_n);
  const std::uint64_t a_end = static_cast<std::uint64_t>(block_a_first) + block_a_n;
  const std::uint64_t b_end = static_cast<std::uint64_t>(block_b_first) + block_b_n;
  const bool overlap =
      block_a_n > 0 && block_b_n > 0 && block_a_first < b_end && block_b_first < a_end;
  const std::uint64_t pairs = static_cast<std::uint64_t>(block_a_n) * block_b_n;
  if (overlap || count > pairs) {
    throw std::invalid_argument("add_random_bipartite_ties: blocks must be disjoint and count (" +
                                std::to_string(count) + ") at most a_n * b_n (" +
                                std::to_string(pairs) + ")");
  }
  if (count == 0) return;
  reserve_more(ties, count);
  // Pair index a * b_n + b, so sorted indices give ties sorted by (a, b).
  const auto append = [&](std::uint64_t index) {
    ties.emplace_back(block_a_first + static_cast<std::uint32_t>(index / block_b_n),
                      block_b_first + static_cast<std::uint32_t>(index % block_b_n));
  };
  // Choosing which pairs to leave out is as uniform as choosing which to keep, and keeps the
  // rejection in sample_distinct cheap when count is most of the pairs.
  if (count <= pairs / 2) {
    for (const std::uint64_t index : sample_distinct(count, pairs, stream)) append(index);
  } else {
    const std::vector<std::uint64_t> left_out = sample_distinct(pairs - count, pairs, stream);
    auto skip = left_out.begin();
    for (std::uint64_t index = 0; index < pairs; ++index) {
      if (skip != left_out.end() && *skip == index) {
        ++skip;
      } else {
        append(index);
      }
    }
  }
}

DeveloperGraph complete_graph(std::uint32_t n) {
  TieList ties;
  add_complete_ties(ties, 0, n);
  return DeveloperGraph(n, std::move(ties));
}

DeveloperGraph ring_lattice_graph(std::uint32_t n, std::uint32_t k) {
  TieList ties;
  add_ring_lattice_ties(ties, 0, n, k);
  return DeveloperGraph(n, std::move(ties));
}

DeveloperGraph erdos_renyi_graph(std::uint32_t n, double p, RandomStream& stream) {
  TieList ties;
  add_erdos_renyi_ties(ties, 0, n, p, stream);
  return DeveloperGraph(n, std::move(ties));
}

DeveloperGraph watts_strogatz_graph(std::uint32_t n, std::uint32_t k, double beta,
                                    RandomStream& stream) {
  TieList ties;
  add_watts_strogatz_ties(ties, 0, n, k, beta, stream);
  return DeveloperGraph(n, std::move(ties));
}

DeveloperGraph power_law_graph(std::uint32_t n, double gamma, std::uint32_t kmin,
                               std::uint32_t kmax, RandomStream& stream) {
  TieList ties;
  add_power_law_ties(ties, 0, n, gamma, kmin, kmax, stream);
  return DeveloperGraph(n, std::move(ties));
}

}  // namespace blocsim
