#pragma once
// Calendar months, the model's unit of time. A YearMonth is written YYYY-MM.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace blocsim {

struct YearMonth {
  int year = 2025;
  int month = 1;  // 1..12

  // Months since year 0; differences of indices are month counts.
  int index() const { return year * 12 + (month - 1); }
  static YearMonth from_index(int index) { return {index / 12, index % 12 + 1}; }
  YearMonth plus(int months) const { return from_index(index() + months); }
  std::string str() const;
  auto operator<=>(const YearMonth&) const = default;

  // Parses "YYYY-MM" exactly (four digits, a dash, two digits, month 01-12); nullopt otherwise.
  static std::optional<YearMonth> parse(std::string_view text);
};

}  // namespace blocsim
