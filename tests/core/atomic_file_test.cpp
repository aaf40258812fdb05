// write_file_atomically: a file appears whole or not at all, and no temporary file outlives it.
#include "blocsim/core/atomic_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace blocsim {
namespace {

namespace fs = std::filesystem;

class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("blocsim_atomic_file_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  // Every entry of the folder but `keep`: what a write left behind.
  std::size_t others(const fs::path& keep) const {
    std::size_t n = 0;
    for (const auto& entry : fs::directory_iterator(dir_)) n += entry.path() != keep;
    return n;
  }

  fs::path dir_;
};

TEST_F(AtomicFile, WritesTheBytesExactlyAndLeavesNoTemporaryFile) {
  const fs::path out = dir_ / "results.pb";
  const std::string bytes("a\0b\nc", 5);
  write_file_atomically(out, bytes);
  EXPECT_EQ(read(out), bytes);
  EXPECT_EQ(others(out), 0u);
}

TEST_F(AtomicFile, ReplacesAnExistingFileWhole) {
  const fs::path out = dir_ / "results.json";
  write_file_atomically(out, std::string(10000, 'x'));
  write_file_atomically(out, "short");
  EXPECT_EQ(read(out), "short");
  EXPECT_EQ(others(out), 0u);
}

TEST_F(AtomicFile, AMissingFolderIsAnErrorNamingThePathAndCreatesNothing) {
  const fs::path out = dir_ / "no-such-folder" / "results.pb";
  try {
    write_file_atomically(out, "bytes");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(out.string()), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(out.parent_path()));
}

TEST_F(AtomicFile, AFailedRenameRemovesTheTemporaryFileAndKeepsWhatWasThere) {
  // A folder with something in it cannot be replaced by a file: the rename fails.
  const fs::path out = dir_ / "taken";
  fs::create_directories(out / "inside");
  EXPECT_THROW(write_file_atomically(out, "bytes"), std::runtime_error);
  EXPECT_TRUE(fs::is_directory(out / "inside"));
  EXPECT_EQ(others(out), 0u);
}

}  // namespace
}  // namespace blocsim
