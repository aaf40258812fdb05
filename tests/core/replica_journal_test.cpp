// ReplicaJournal: a resumed run sees exactly the replicas a previous run finished; a record torn
// by a kill, or corrupted, ends what is kept (it and everything after it are dropped) and never
// sits before new records; a journal of another run is refused.
#include "blocsim/core/replica_journal.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/scratch_folder.hpp"

namespace {

using blocsim::fingerprint_of;
using blocsim::ReplicaJournal;
using blocsim::test_support::ScratchFolder;
using Finished = std::map<std::uint32_t, std::vector<double>>;

constexpr std::uint64_t kRun = 0x5eed;
constexpr std::size_t kWidth = 3;
// The layout the journal writes: a header (magic, fingerprint, width), then per replica its
// index, checksum and values.
constexpr std::uintmax_t kHeaderBytes = 16 + 8 + 8;
constexpr std::uintmax_t kRecordBytes = 4 + 8 + 8 * kWidth;

std::vector<double> values_of(std::uint32_t replica) {
  return {replica + 0.25, -1.0 * replica, replica * 1e-9};
}

Finished resumed(const std::filesystem::path& path) {
  return ReplicaJournal(path, kRun, kWidth, true).finished();
}

TEST(ReplicaJournal, AResumedRunSeesTheReplicasFinishedBefore) {
  ScratchFolder folder;
  const auto path = folder / "run.journal";
  {
    ReplicaJournal journal(path, kRun, kWidth, false);
    EXPECT_TRUE(journal.finished().empty());
    journal.record(4, values_of(4));
    journal.record(0, values_of(0));
    journal.record(2, values_of(2));
  }
  EXPECT_EQ(resumed(path), (Finished{{0, values_of(0)}, {2, values_of(2)}, {4, values_of(4)}}));
  EXPECT_EQ(std::filesystem::file_size(path), kHeaderBytes + 3 * kRecordBytes);
}

// Records reach the disk as they are made, not when the journal closes: a kill -9 keeps them.
TEST(ReplicaJournal, ARecordIsOnDiskBeforeTheJournalCloses) {
  ScratchFolder folder;
  const auto path = folder / "run.journal";
  ReplicaJournal journal(path, kRun, kWidth, false);
  journal.record(1, values_of(1));
  EXPECT_EQ(resumed(path), (Finished{{1, values_of(1)}}));
}

TEST(ReplicaJournal, ResumingAfterResumingKeepsOldAndNewRecords) {
  ScratchFolder folder;
  const auto path = folder / "run.journal";
  ReplicaJournal(path, kRun, kWidth, false).record(0, values_of(0));
  {
    ReplicaJournal journal(path, kRun, kWidth, true);
    EXPECT_EQ(journal.finished().size(), 1u);
    journal.record(1, values_of(1));
  }
  EXPECT_EQ(resumed(path), (Finished{{0, values_of(0)}, {1, values_of(1)}}));
  EXPECT_EQ(folder.entries(), std::vector<std::string>{"run.journal"});
}

TEST(ReplicaJournal, WithoutResumeAnOldJournalIsEmptied) {
  ScratchFolder folder;
  const auto path = folder / "run.journal";
  ReplicaJournal(path, kRun, kWidth, false).record(3, values_of(3));
  EXPECT_TRUE(ReplicaJournal(path, kRun, kWidth, false).finished().empty());
  EXPECT_TRUE(resumed(path).empty());
}

TEST(ReplicaJournal, ResumingWithNoJournalStartsEmptyAndCreatesIt) {
  ScratchFolder folder;
  const auto path = folder / "run.journal";
  EXPECT_TRUE(resumed(path).empty());
  EXPECT_EQ(std::filesystem::file_size(path), kHeaderBytes);
}

// A kill in the middle of a record leaves part of it: the whole records before it are kept, the
// torn one is dropped, and the rewritten journal has no torn bytes before the next record.
TEST(ReplicaJournal, ATornTailIsDroppedAndNewRecordsFollowTheKeptOnes) {
  ScratchFolder folder;
  const auto path = folder / "run.journal";
  {
    ReplicaJournal journal(path, kRun, kWidth, false);
    journal.record(0, values_of(0));
    journal.record(1, values_of(1));
  }
  std::filesystem::resize_file(path, kHeaderBytes + kRecordBytes + kRecordBytes / 2);
  {
    ReplicaJournal journal(path, kRun, kWidth, true);
    EXPECT_EQ(journal.finished(), (Finished{{0, values_of(0)}}));
    EXPECT_EQ(std::filesystem::file_size(path), kHeaderBytes + kRecordBytes);
    journal.record(5, values_of(5));
  }
  EXPECT_EQ(resumed(path), (Finished{{0, values_of(0)}, {5, values_of(5)}}));
}

// A record whose bytes changed fails its checksum; reading stops there, so the records after it
// are dropped too (their replicas simply run again).
TEST(ReplicaJournal, ACorruptRecordEndsWhatIsKept) {
  ScratchFolder folder;
  const auto path = folder / "run.journal";
  {
    ReplicaJournal journal(path, kRun, kWidth, false);
    for (std::uint32_t r = 0; r < 3; ++r) journal.record(r, values_of(r));
  }
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(kHeaderBytes + kRecordBytes + 4 + 8 + 3));
    file.put('\x5a');
  }
  EXPECT_EQ(resumed(path), (Finished{{0, values_of(0)}}));
}

TEST(ReplicaJournal, TheJournalOfAnotherRunIsRefusedByName) {
  ScratchFolder folder;
  const auto path = folder / "run.journal";
  ReplicaJournal(path, kRun, kWidth, false).record(0, values_of(0));
  const auto refuses = [&](std::uint64_t fingerprint, std::size_t width) {
    try {
      ReplicaJournal(path, fingerprint, width, true);
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
      return true;
    }
    return false;
  };
  EXPECT_TRUE(refuses(kRun + 1, kWidth)) << "another scenario, seed or replica count";
  EXPECT_TRUE(refuses(kRun, kWidth + 1)) << "another number of values per replica";
  // Refusing does not touch the journal: the right run still resumes from it.
  EXPECT_EQ(resumed(path), (Finished{{0, values_of(0)}}));
}

TEST(ReplicaJournal, AFileThatIsNotAJournalIsRefused) {
  ScratchFolder folder;
  const auto path = folder / "run.journal";
  std::ofstream(path) << "results of something else, long enough to hold a header";
  EXPECT_THROW(ReplicaJournal(path, kRun, kWidth, true), std::runtime_error);
  std::ofstream(path, std::ios::trunc) << "short";
  EXPECT_THROW(ReplicaJournal(path, kRun, kWidth, true), std::runtime_error);
}

TEST(ReplicaJournal, ARecordOfTheWrongLengthIsRejected) {
  ScratchFolder folder;
  ReplicaJournal journal(folder / "run.journal", kRun, kWidth, false);
  EXPECT_THROW(journal.record(0, {1.0, 2.0}), std::invalid_argument);
  EXPECT_THROW(journal.record(0, {1.0, 2.0, 3.0, 4.0}), std::invalid_argument);
  EXPECT_TRUE(resumed(folder / "run.journal").empty());
}

TEST(ReplicaJournal, RemoveDeletesTheFileAndLaterRecordsAreIgnored) {
  ScratchFolder folder;
  const auto path = folder / "run.journal";
  ReplicaJournal journal(path, kRun, kWidth, false);
  journal.record(0, values_of(0));
  journal.remove();
  EXPECT_FALSE(std::filesystem::exists(path));
  journal.record(1, values_of(1));
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(folder.entries().empty());
}

TEST(ReplicaJournal, RecordsFromSeveralThreadsAreAllKeptWhole) {
  ScratchFolder folder;
  const auto path = folder / "run.journal";
  constexpr std::uint32_t kThreads = 4;
  constexpr std::uint32_t kEach = 25;
  {
    ReplicaJournal journal(path, kRun, kWidth, false);
    std::vector<std::thread> threads;
    for (std::uint32_t t = 0; t < kThreads; ++t) {
      threads.emplace_back([&journal, t] {
        for (std::uint32_t i = 0; i < kEach; ++i) {
          const std::uint32_t replica = i * kThreads + t;
          journal.record(replica, values_of(replica));
        }
      });
    }
    for (auto& thread : threads) thread.join();
  }
  const Finished kept = resumed(path);
  ASSERT_EQ(kept.size(), kThreads * kEach);
  for (const auto& [replica, values] : kept) EXPECT_EQ(values, values_of(replica)) << replica;
}

// FNV-1a, 64 bits: the published offset basis and test vectors; a seed gives another hash.
TEST(ReplicaJournal, FingerprintIsFnv1a64) {
  EXPECT_EQ(fingerprint_of("", 0), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fingerprint_of("a", 1), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fingerprint_of("foobar", 6), 0x85944171f73967e8ULL);
  EXPECT_NE(fingerprint_of("a", 1, 1), fingerprint_of("a", 1));
}

}  // namespace
