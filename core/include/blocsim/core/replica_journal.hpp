#pragma once
// A journal of finished replicas, written next to a run's output while it runs, so that a run
// stopped by a crash, Ctrl-C or kill -9 can resume and run only the replicas it is missing. Each
// replica is one record (index, checksum, values), appended whole and flushed to disk; a record
// cut short by a kill fails its checksum and is ignored, so the journal is always consistent.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace blocsim {

class ReplicaJournal {
 public:
  // Opens the journal at `path`. With `resume`, keeps the replicas already recorded there by a
  // run with the same fingerprint (throws std::runtime_error naming the file when it belongs to
  // another run); without, starts it empty.
  ReplicaJournal(std::filesystem::path path, std::uint64_t fingerprint,
                 std::size_t values_per_replica, bool resume);
  ~ReplicaJournal();
  ReplicaJournal(const ReplicaJournal&) = delete;
  ReplicaJournal& operator=(const ReplicaJournal&) = delete;

  const std::map<std::uint32_t, std::vector<double>>& finished() const { return finished_; }
  const std::filesystem::path& path() const { return path_; }

  // Appends a finished replica durably. Safe to call from several threads.
  void record(std::uint32_t replica, const std::vector<double>& values);

  // Deletes the journal (once the results it fed are written).
  void remove();

 private:
  std::filesystem::path path_;
  std::size_t values_per_replica_;
  std::map<std::uint32_t, std::vector<double>> finished_;
  std::FILE* file_ = nullptr;
  std::mutex mutex_;
};

// FNV-1a, 64 bits, over bytes: the fingerprint of a run (scenario as run, seed, replicas).
std::uint64_t fingerprint_of(const void* data, std::size_t size, std::uint64_t seed = 0);

}  // namespace blocsim
