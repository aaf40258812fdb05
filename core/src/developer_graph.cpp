#include "blocsim/core/developer_graph.hpp"

#include <stdexcept>
#include <string>

namespace blocsim {

// Two counting sorts instead of a comparison sort per row: the first scatters each tie into both
// of its rows in input order; the second walks those rows in vertex order and scatters again,
// which transposes the arcs. Because the tie set is symmetric the transpose has the same rows, and
// because sources are visited in increasing order every row comes out sorted. Duplicates are then
// adjacent and are squeezed out in one pass. O(vertices + ties) time and two flat arrays of arcs,
// with no per-vertex allocation, which matters at 10^6 vertices and 10^7 ties.
DeveloperGraph::DeveloperGraph(std::uint32_t vertices,
                               std::vector<std::pair<std::uint32_t, std::uint32_t>> ties) {
  // offsets_[v + 1] counts v's arcs first, then becomes the prefix sum.
  offsets_.assign(static_cast<std::size_t>(vertices) + 1, 0);
  for (const auto& [u, v] : ties) {
    if (u >= vertices || v >= vertices) {
      throw std::invalid_argument("DeveloperGraph: tie (" + std::to_string(u) + ", " +
                                  std::to_string(v) + ") names a vertex outside [0, " +
                                  std::to_string(vertices) + ")");
    }
    if (u == v) continue;
    ++offsets_[u + 1];
    ++offsets_[v + 1];
  }
  for (std::size_t v = 1; v < offsets_.size(); ++v) offsets_[v] += offsets_[v - 1];
  const std::uint64_t arcs = offsets_.back();

  std::vector<std::uint64_t> cursor(offsets_.begin(), offsets_.end() - 1);
  std::vector<std::uint32_t> unsorted(arcs);
  for (const auto& [u, v] : ties) {
    if (u == v) continue;
    unsorted[cursor[u]++] = v;
    unsorted[cursor[v]++] = u;
  }
  // The caller's list is ours (taken by value): release it before the second array of arcs.
  std::vector<std::pair<std::uint32_t, std::uint32_t>>().swap(ties);

  cursor.assign(offsets_.begin(), offsets_.end() - 1);
  targets_.resize(arcs);
  for (std::uint32_t v = 0; v < vertices; ++v) {
    for (std::uint64_t a = offsets_[v]; a < offsets_[v + 1]; ++a) {
      targets_[cursor[unsorted[a]]++] = v;
    }
  }
  std::vector<std::uint32_t>().swap(unsorted);
  std::vector<std::uint64_t>().swap(cursor);

  // Squeeze duplicates in place; the write position never passes the read position.
  std::uint64_t write = 0;
  std::uint64_t row_begin = 0;
  for (std::uint32_t v = 0; v < vertices; ++v) {
    const std::uint64_t row_end = offsets_[v + 1];
    const std::uint64_t row_start = write;
    for (std::uint64_t a = row_begin; a < row_end; ++a) {
      if (write == row_start || targets_[write - 1] != targets_[a]) targets_[write++] = targets_[a];
    }
    row_begin = row_end;
    offsets_[v + 1] = write;
  }
  targets_.resize(write);
  // Giving the slack back costs a copy of every arc, worth it only when duplicates were common
  // (for instance when a caller lists each tie in both directions).
  if (8 * (arcs - write) > arcs) targets_.shrink_to_fit();
}

}  // namespace blocsim
