// ReplicaJournal: finished replicas survive a stop, a record cut short is ignored, and a journal
// of another run is refused.
#include "blocsim/core/replica_journal.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace blocsim {
namespace {

namespace fs = std::filesystem;

fs::path journal_path(const char* name) {
  const fs::path p = fs::temp_directory_path() / (std::string("blocsim_journal_") + name);
  fs::remove(p);
  return p;
}

TEST(ReplicaJournal, AResumedJournalHasTheRecordedReplicas) {
  const fs::path p = journal_path("resume");
  {
    ReplicaJournal j(p, 42, 3, false);
    j.record(4, {1.0, 2.0, 3.0});
    j.record(1, {-1.0, 0.5, 1e300});
  }
  ReplicaJournal resumed(p, 42, 3, true);
  ASSERT_EQ(resumed.finished().size(), 2u);
  EXPECT_EQ(resumed.finished().at(4), (std::vector<double>{1.0, 2.0, 3.0}));
  EXPECT_EQ(resumed.finished().at(1), (std::vector<double>{-1.0, 0.5, 1e300}));
  resumed.remove();
  EXPECT_FALSE(fs::exists(p));
}

TEST(ReplicaJournal, WithoutResumeItStartsEmpty) {
  const fs::path p = journal_path("fresh");
  {
    ReplicaJournal j(p, 42, 1, false);
    j.record(0, {1.0});
  }
  ReplicaJournal fresh(p, 42, 1, false);
  EXPECT_TRUE(fresh.finished().empty());
  fresh.remove();
}

TEST(ReplicaJournal, ARecordCutShortIsIgnoredAndTheOthersKept) {
  const fs::path p = journal_path("torn");
  {
    ReplicaJournal j(p, 7, 4, false);
    j.record(0, {1, 2, 3, 4});
    j.record(1, {5, 6, 7, 8});
  }
  // A kill -9 in the middle of the second record's write.
  fs::resize_file(p, fs::file_size(p) - 5);
  ReplicaJournal resumed(p, 7, 4, true);
  ASSERT_EQ(resumed.finished().size(), 1u);
  EXPECT_EQ(resumed.finished().count(0), 1u);
  resumed.remove();
}

TEST(ReplicaJournal, AJournalOfAnotherRunIsRefusedNamingTheFile) {
  const fs::path p = journal_path("other");
  {
    ReplicaJournal j(p, 1, 2, false);
    j.record(0, {1, 2});
  }
  try {
    ReplicaJournal wrong(p, 2, 2, true);
    FAIL() << "a journal of another run was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(p.string()), std::string::npos) << e.what();
  }
  fs::remove(p);
}

TEST(ReplicaJournal, TheFingerprintDependsOnTheBytesAndTheSeed) {
  const std::string a = "scenario a";
  const std::string b = "scenario b";
  EXPECT_EQ(fingerprint_of(a.data(), a.size()), fingerprint_of(a.data(), a.size()));
  EXPECT_NE(fingerprint_of(a.data(), a.size()), fingerprint_of(b.data(), b.size()));
  EXPECT_NE(fingerprint_of(a.data(), a.size(), 1), fingerprint_of(a.data(), a.size(), 2));
}

}  // namespace
}  // namespace blocsim
