#include "blocsim/core/calendar.hpp"

#include <cstdio>

namespace blocsim {

std::string YearMonth::str() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
  return buffer;
}

std::optional<YearMonth> YearMonth::parse(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int value[2] = {0, 0};
  for (std::size_t i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value[i < 4 ? 0 : 1] = value[i < 4 ? 0 : 1] * 10 + (text[i] - '0');
  }
  if (value[1] < 1 || value[1] > 12) return std::nullopt;
  return YearMonth{value[0], value[1]};
}

}  // namespace blocsim
