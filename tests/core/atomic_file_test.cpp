// write_file_atomically: the file appears whole or not at all, an existing file is replaced by a
// rename (never rewritten in place), and no temporary file outlives the call, even a failed one.
#include "blocsim/core/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "support/scratch_folder.hpp"

namespace {

using blocsim::write_file_atomically;
using blocsim::test_support::ScratchFolder;

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(AtomicFile, WritesTheBytesExactlyAndLeavesOnlyTheFile) {
  ScratchFolder folder;
  const std::string bytes("binary\0with a NUL\n\xff", 20);
  write_file_atomically(folder / "out.pb", bytes);
  EXPECT_EQ(read_all(folder / "out.pb"), bytes);
  EXPECT_EQ(folder.entries(), std::vector<std::string>{"out.pb"});
}

TEST(AtomicFile, AnEmptyWriteMakesAnEmptyFile) {
  ScratchFolder folder;
  write_file_atomically(folder / "empty", "");
  ASSERT_TRUE(std::filesystem::exists(folder / "empty"));
  EXPECT_EQ(std::filesystem::file_size(folder / "empty"), 0u);
  EXPECT_EQ(folder.entries(), std::vector<std::string>{"empty"});
}

// A reader that opened the old file keeps reading the old bytes: the new file is a new inode
// renamed over the old one, so nobody ever sees a half-written mix.
TEST(AtomicFile, ReplacesAnExistingFileByRenameNotInPlace) {
  ScratchFolder folder;
  const auto path = folder / "results.pb";
  write_file_atomically(path, "old contents, longer than the new ones");
  struct stat before {};
  ASSERT_EQ(::stat(path.c_str(), &before), 0);
  std::ifstream old_reader(path, std::ios::binary);
  ASSERT_TRUE(old_reader);

  write_file_atomically(path, "new");

  EXPECT_EQ(read_all(path), "new");
  struct stat after {};
  ASSERT_EQ(::stat(path.c_str(), &after), 0);
  EXPECT_NE(before.st_ino, after.st_ino);
  const std::string seen_by_old_reader{std::istreambuf_iterator<char>(old_reader),
                                       std::istreambuf_iterator<char>()};
  EXPECT_EQ(seen_by_old_reader, "old contents, longer than the new ones");
  EXPECT_EQ(folder.entries(), std::vector<std::string>{"results.pb"});
}

TEST(AtomicFile, AMissingFolderFailsNamingThePathAndWritesNothing) {
  ScratchFolder folder;
  const auto path = folder / "no-such-folder" / "out.pb";
  try {
    write_file_atomically(path, "bytes");
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
  EXPECT_TRUE(folder.entries().empty());
}

// A target that is not a regular file (a folder, or a FIFO or device, which the rename would
// replace with a regular file: as root, /dev/full) is refused before anything is written, and is
// left as it was.
TEST(AtomicFile, ATargetThatIsNotARegularFileIsRefusedAndKept) {
  ScratchFolder folder;
  const auto path = folder / "taken";
  std::filesystem::create_directory(path);
  std::ofstream(path / "inside") << "kept";
  const auto pipe = folder / "pipe";
  ASSERT_EQ(::mkfifo(pipe.c_str(), 0600), 0);
  for (const auto& target : {path, pipe}) {
    try {
      write_file_atomically(target, "bytes");
      FAIL() << "expected std::runtime_error for " << target;
    } catch (const std::runtime_error& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(target.string()), std::string::npos) << message;
      EXPECT_NE(message.find("is not a regular file"), std::string::npos) << message;
    }
  }
  EXPECT_EQ(folder.entries(), (std::vector<std::string>{"pipe", "taken"}));
  EXPECT_TRUE(std::filesystem::is_directory(path));
  EXPECT_TRUE(std::filesystem::is_fifo(pipe));
  EXPECT_EQ(read_all(path / "inside"), "kept");
}

// A stale temporary left by a killed writer of the same process id is overwritten, not appended.
TEST(AtomicFile, AStaleTemporaryDoesNotLeakIntoTheFile) {
  ScratchFolder folder;
  const auto path = folder / "out.txt";
  auto stale = path;
  stale += ".tmp." + std::to_string(::getpid());
  std::ofstream(stale) << "stale bytes from an earlier, killed write";
  write_file_atomically(path, "fresh");
  EXPECT_EQ(read_all(path), "fresh");
  EXPECT_EQ(folder.entries(), std::vector<std::string>{"out.txt"});
}

}  // namespace
