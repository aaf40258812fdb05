#pragma once
// The developer layer of the world graph: undirected ties stored as compressed sparse rows,
// because the adoption step reads every agent's ties every month and must stream through memory.
// Each undirected tie {u, v} appears twice: v in u's row and u in v's row.

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace blocsim {

class DeveloperGraph {
 public:
  DeveloperGraph() = default;
  // Builds from an edge list of undirected ties; self-loops and duplicate ties are dropped.
  // Rows are sorted, so the graph depends only on the set of ties, not the order given.
  DeveloperGraph(std::uint32_t vertices, std::vector<std::pair<std::uint32_t, std::uint32_t>> ties);

  std::uint32_t vertices() const { return static_cast<std::uint32_t>(offsets_.size()) - 1; }
  std::uint64_t ties() const { return targets_.size() / 2; }
  std::span<const std::uint32_t> neighbours(std::uint32_t v) const {
    return {targets_.data() + offsets_[v], targets_.data() + offsets_[v + 1]};
  }
  std::uint32_t degree(std::uint32_t v) const {
    return static_cast<std::uint32_t>(offsets_[v + 1] - offsets_[v]);
  }
  const std::vector<std::uint64_t>& offsets() const { return offsets_; }
  const std::vector<std::uint32_t>& targets() const { return targets_; }

 private:
  std::vector<std::uint64_t> offsets_{0};
  std::vector<std::uint32_t> targets_;
};

}  // namespace blocsim
