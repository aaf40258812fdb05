#pragma once
// The processes a run is split across. Under `mpirun -np K` (Open MPI) the replicas are split
// into K contiguous blocks, each process runs its block on its own threads, and the outputs are
// gathered to rank 0 in replica order, so the results equal those of one process with the same
// seed. Started without mpirun, the program is one process and MPI is never initialised.
// docs/CLUSTER.md explains the split.

#include <cstdint>
#include <utility>
#include <vector>

namespace blocsim {

class ProcessGroup {
 public:
  // Initialises MPI when launched by mpirun (and built with MPI); finalises it on destruction.
  ProcessGroup(int* argc, char*** argv);
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  // The group of this process (one process when none was created).
  static const ProcessGroup& current();

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }

  // The replicas [first, first + count) this process runs out of `replicas`.
  std::pair<std::uint32_t, std::uint32_t> share(std::uint32_t replicas) const;

  // Gathers every process's `local` values (each `values_per_replica` doubles per replica of its
  // share, in order) to rank 0, which receives all replicas in replica order; other ranks get an
  // empty vector. Collective: every process must call it.
  std::vector<double> gather(const std::vector<double>& local, std::uint32_t replicas,
                             std::size_t values_per_replica) const;

  // True on every process if `failed` is true on any (collective), so that all stop together.
  bool any(bool failed) const;

 private:
  ProcessGroup() = default;  // one process, MPI untouched: the group before main creates one

  int rank_ = 0;
  int size_ = 1;
  bool initialised_mpi_ = false;
};

}  // namespace blocsim
