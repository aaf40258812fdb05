#pragma once
// Which nation leads which bloc: the one place the model names the two bloc leaders. The world
// builder reads a nation's (and so a chip's or lab's) Origin from here once; everything after
// reads the world's `origin` arrays.

#include <cstddef>
#include <string_view>

#include "blocsim/agents/world.hpp"

namespace blocsim {

// ISO3 ids of the nations that lead the US-led and the China-led bloc.
inline constexpr std::string_view kUsBlocLeader = "USA";
inline constexpr std::string_view kChinaBlocLeader = "CHN";

// The bloc a nation's makers count for: kUs for the US-led bloc's leader, kChina for the
// China-led bloc's leader, kOther for every other nation.
inline Origin origin_of_nation(std::string_view id) {
  if (id == kUsBlocLeader) return Origin::kUs;
  if (id == kChinaBlocLeader) return Origin::kChina;
  return Origin::kOther;
}

// The nation that leads the bloc of `origin` (kUs or kChina): the first with that origin, or
// nations.size() when there is none (validation requires both leaders).
inline std::size_t bloc_leader(const Nations& nations, Origin origin) {
  std::size_t n = 0;
  while (n < nations.size() && nations.origin[n] != origin) ++n;
  return n;
}

}  // namespace blocsim
