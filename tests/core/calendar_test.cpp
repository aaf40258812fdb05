#include "blocsim/core/calendar.hpp"

#include <gtest/gtest.h>

namespace blocsim {
namespace {

TEST(YearMonth, ParsesAndPrints) {
  const auto ym = YearMonth::parse("2026-01");
  ASSERT_TRUE(ym.has_value());
  EXPECT_EQ(ym->year, 2026);
  EXPECT_EQ(ym->month, 1);
  EXPECT_EQ(ym->str(), "2026-01");
  EXPECT_EQ(ym->plus(11).str(), "2026-12");
  EXPECT_EQ(ym->plus(12).str(), "2027-01");
  EXPECT_EQ(ym->plus(-1).str(), "2025-12");
  EXPECT_EQ(YearMonth::parse("2030-12")->index() - YearMonth::parse("2025-01")->index(), 71);
}

TEST(YearMonth, RejectsWhatIsNotAMonth) {
  for (const char* bad :
       {"2026-13", "2026-00", "2026-1", "26-01", "2026/01", "2026-01-01", "", "abcd-ef"}) {
    EXPECT_FALSE(YearMonth::parse(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace blocsim
