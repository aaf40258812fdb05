#include "blocsim/core/process_group.hpp"

#include <cstdlib>
#include <stdexcept>

#ifdef BLOCSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace blocsim {

namespace {

const ProcessGroup* current_group = nullptr;

// Open MPI's launcher sets this for every process it starts.
bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr;
}

}  // namespace

ProcessGroup::ProcessGroup(int* argc, char*** argv) {
#ifdef BLOCSIM_HAVE_MPI
  if (launched_by_mpirun()) {
    MPI_Init(argc, argv);
    initialised_mpi_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
#else
  (void)argc;
  (void)argv;
#endif
  current_group = this;
}

ProcessGroup::~ProcessGroup() {
#ifdef BLOCSIM_HAVE_MPI
  if (initialised_mpi_) MPI_Finalize();
#endif
  if (current_group == this) current_group = nullptr;
}

const ProcessGroup& ProcessGroup::current() {
  static const ProcessGroup single;
  return current_group != nullptr ? *current_group : single;
}

std::pair<std::uint32_t, std::uint32_t> ProcessGroup::share(std::uint32_t replicas) const {
  const auto k = static_cast<std::uint64_t>(rank_);
  const auto n = static_cast<std::uint64_t>(size_);
  const auto first = static_cast<std::uint32_t>(k * replicas / n);
  const auto last = static_cast<std::uint32_t>((k + 1) * replicas / n);
  return {first, last - first};
}

std::vector<double> ProcessGroup::gather(const std::vector<double>& local, std::uint32_t replicas,
                                         std::size_t values_per_replica) const {
  if (size_ == 1) return local;
#ifdef BLOCSIM_HAVE_MPI
  std::vector<int> counts(static_cast<std::size_t>(size_));
  std::vector<int> offsets(static_cast<std::size_t>(size_));
  std::size_t total = 0;
  for (int r = 0; r < size_; ++r) {
    const auto k = static_cast<std::uint64_t>(r);
    const auto n = static_cast<std::uint64_t>(size_);
    const std::uint64_t count = ((k + 1) * replicas / n - k * replicas / n) * values_per_replica;
    if (count > static_cast<std::uint64_t>(INT32_MAX)) {
      throw std::runtime_error(
          "a process's share of the results is too large to gather; use more processes");
    }
    counts[static_cast<std::size_t>(r)] = static_cast<int>(count);
    offsets[static_cast<std::size_t>(r)] = static_cast<int>(total);
    total += count;
  }
  std::vector<double> all(is_root() ? total : 0);
  MPI_Gatherv(local.data(), static_cast<int>(local.size()), MPI_DOUBLE, all.data(), counts.data(),
              offsets.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
  return all;
#else
  (void)replicas;
  (void)values_per_replica;
  return local;
#endif
}

bool ProcessGroup::any(bool failed) const {
  if (size_ == 1) return failed;
#ifdef BLOCSIM_HAVE_MPI
  int mine = failed ? 1 : 0;
  int anyone = 0;
  MPI_Allreduce(&mine, &anyone, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return anyone != 0;
#else
  return failed;
#endif
}

}  // namespace blocsim
