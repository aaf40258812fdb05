// ProcessGroup started without mpirun: one process, which runs every replica and whose gather
// and agreement are the identity.
#include "blocsim/core/process_group.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace blocsim {
namespace {

TEST(ProcessGroup, WithoutMpirunItIsOneProcessThatRunsEveryReplica) {
  const ProcessGroup& group = ProcessGroup::current();
  EXPECT_EQ(group.rank(), 0);
  EXPECT_EQ(group.size(), 1);
  EXPECT_TRUE(group.is_root());
  EXPECT_EQ(group.share(200), std::make_pair(std::uint32_t{0}, std::uint32_t{200}));
  EXPECT_EQ(group.share(0), std::make_pair(std::uint32_t{0}, std::uint32_t{0}));
}

TEST(ProcessGroup, WithoutMpirunGatherAndAnyAreTheIdentity) {
  const ProcessGroup& group = ProcessGroup::current();
  const std::vector<double> local{1.0, 2.0, 3.0, 4.0, 5.0, 6.0};
  EXPECT_EQ(group.gather(local, 3, 2), local);
  EXPECT_FALSE(group.any(false));
  EXPECT_TRUE(group.any(true));
}

}  // namespace
}  // namespace blocsim
