// ProcessGroup without mpirun: one process, rank 0 of 1, which runs every replica; the gather and
// the "any failed" reduction hand back their input unchanged, and MPI is never initialised.
#include "blocsim/core/process_group.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <utility>
#include <vector>

namespace {

using blocsim::ProcessGroup;

// Started by ctest, not by mpirun: make sure no launcher variable leaks in from the environment.
class ProcessGroupAlone : public ::testing::Test {
 protected:
  void SetUp() override { ::unsetenv("OMPI_COMM_WORLD_SIZE"); }
};

TEST_F(ProcessGroupAlone, BeforeMainCreatesOneTheGroupIsRankZeroOfOne) {
  const ProcessGroup& group = ProcessGroup::current();
  EXPECT_EQ(group.rank(), 0);
  EXPECT_EQ(group.size(), 1);
  EXPECT_TRUE(group.is_root());
}

TEST_F(ProcessGroupAlone, TheOnlyProcessRunsEveryReplica) {
  const ProcessGroup& group = ProcessGroup::current();
  for (const std::uint32_t replicas : {0u, 1u, 7u, 200u, 4294967295u}) {
    EXPECT_EQ(group.share(replicas), (std::pair<std::uint32_t, std::uint32_t>{0, replicas}))
        << replicas;
  }
}

TEST_F(ProcessGroupAlone, GatherIsTheIdentity) {
  const ProcessGroup& group = ProcessGroup::current();
  const std::vector<double> local{1.5, -2.0, 0.0, 3.25, 1e300, -0.0};
  EXPECT_EQ(group.gather(local, 3, 2), local);
  EXPECT_TRUE(group.gather({}, 0, 5).empty());
}

TEST_F(ProcessGroupAlone, AnyIsTheIdentity) {
  const ProcessGroup& group = ProcessGroup::current();
  EXPECT_TRUE(group.any(true));
  EXPECT_FALSE(group.any(false));
}

// What main does: the group it creates becomes current() while it lives, leaves the arguments
// alone (no MPI_Init to strip any), and current() falls back to the one-process group after.
TEST_F(ProcessGroupAlone, TheGroupMainCreatesIsCurrentWhileItLives) {
  char program[] = "blocsim";
  char flag[] = "--replicas";
  char value[] = "4";
  char* arguments[] = {program, flag, value, nullptr};
  int argc = 3;
  char** argv = arguments;
  {
    ProcessGroup group(&argc, &argv);
    EXPECT_EQ(&ProcessGroup::current(), &group);
    EXPECT_EQ(group.rank(), 0);
    EXPECT_EQ(group.size(), 1);
    EXPECT_EQ(group.share(10), (std::pair<std::uint32_t, std::uint32_t>{0, 10}));
    EXPECT_EQ(argc, 3);
    EXPECT_EQ(argv, arguments);
  }
  const ProcessGroup& after = ProcessGroup::current();
  EXPECT_EQ(after.size(), 1);
  EXPECT_EQ(after.rank(), 0);
}

}  // namespace
