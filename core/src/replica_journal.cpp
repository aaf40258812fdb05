#include "blocsim/core/replica_journal.hpp"

#include <unistd.h>

#include <cstring>
#include <string>

namespace blocsim {

namespace {

constexpr char kMagic[16] = "BLOCSIM-JRNL-v1";

std::uint64_t checksum(std::uint32_t replica, const double* values, std::size_t n) {
  std::uint64_t h = fingerprint_of(&replica, sizeof replica);
  return fingerprint_of(values, n * sizeof(double), h);
}

}  // namespace

std::uint64_t fingerprint_of(const void* data, std::size_t size, std::uint64_t seed) {
  std::uint64_t h = 14695981039346656037ULL ^ seed;
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    h ^= bytes[i];
    h *= 1099511628211ULL;
  }
  return h;
}

ReplicaJournal::ReplicaJournal(std::filesystem::path path, std::uint64_t fingerprint,
                               std::size_t values_per_replica, bool resume)
    : path_(std::move(path)), values_per_replica_(values_per_replica) {
  std::vector<double> values(values_per_replica);
  if (resume) {
    if (std::FILE* in = std::fopen(path_.c_str(), "rb")) {
      char magic[sizeof kMagic] = {};
      std::uint64_t stored_fingerprint = 0;
      std::uint64_t stored_values = 0;
      const bool header = std::fread(magic, sizeof magic, 1, in) == 1 &&
                          std::fread(&stored_fingerprint, sizeof stored_fingerprint, 1, in) == 1 &&
                          std::fread(&stored_values, sizeof stored_values, 1, in) == 1;
      if (!header || std::memcmp(magic, kMagic, sizeof kMagic) != 0 ||
          stored_fingerprint != fingerprint || stored_values != values_per_replica) {
        std::fclose(in);
        throw std::runtime_error(path_.string() +
                                 " is the journal of another run (another scenario, "
                                 "seed or replica count); remove it or run without --resume");
      }
      std::uint32_t replica = 0;
      std::uint64_t sum = 0;
      // Stop at the first incomplete or corrupt record: whatever follows a kill is discarded.
      while (std::fread(&replica, sizeof replica, 1, in) == 1 &&
             std::fread(&sum, sizeof sum, 1, in) == 1 &&
             std::fread(values.data(), sizeof(double), values.size(), in) == values.size() &&
             checksum(replica, values.data(), values.size()) == sum) {
        finished_[replica] = values;
      }
      std::fclose(in);
    }
  }
  // Rewrite the journal with exactly the records kept, so a torn tail never precedes new ones.
  std::filesystem::path temporary = path_;
  temporary += ".tmp";
  file_ = std::fopen(temporary.c_str(), "wb");
  if (file_ == nullptr) throw std::runtime_error("cannot write the journal " + path_.string());
  const std::uint64_t v = values_per_replica;
  std::fwrite(kMagic, sizeof kMagic, 1, file_);
  std::fwrite(&fingerprint, sizeof fingerprint, 1, file_);
  std::fwrite(&v, sizeof v, 1, file_);
  for (const auto& [replica, kept] : finished_) {
    const std::uint64_t sum = checksum(replica, kept.data(), kept.size());
    std::fwrite(&replica, sizeof replica, 1, file_);
    std::fwrite(&sum, sizeof sum, 1, file_);
    std::fwrite(kept.data(), sizeof(double), kept.size(), file_);
  }
  if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0 ||
      std::rename(temporary.c_str(), path_.c_str()) != 0) {
    throw std::runtime_error("cannot write the journal " + path_.string());
  }
}

ReplicaJournal::~ReplicaJournal() {
  if (file_ != nullptr) std::fclose(file_);
}

void ReplicaJournal::record(std::uint32_t replica, const std::vector<double>& values) {
  if (values.size() != values_per_replica_) {
    throw std::invalid_argument("journal record of replica " + std::to_string(replica) +
                                " has the wrong length");
  }
  const std::uint64_t sum = checksum(replica, values.data(), values.size());
  std::lock_guard lock(mutex_);
  if (file_ == nullptr) return;
  std::fwrite(&replica, sizeof replica, 1, file_);
  std::fwrite(&sum, sizeof sum, 1, file_);
  std::fwrite(values.data(), sizeof(double), values.size(), file_);
  if (std::fflush(file_) != 0 || ::fdatasync(::fileno(file_)) != 0) {
    throw std::runtime_error("cannot append to the journal " + path_.string());
  }
}

void ReplicaJournal::remove() {
  std::lock_guard lock(mutex_);
  if (file_ != nullptr) std::fclose(file_);
  file_ = nullptr;
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

}  // namespace blocsim
