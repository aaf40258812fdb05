#pragma once
// The scenario files of scenarios/library/, compiled into the binary.

#include <string_view>
#include <vector>

namespace blocsim {

struct EmbeddedScenario {
  std::string_view name;  // file name without extension, e.g. "baseline"
  std::string_view text;  // the file's text
};

// Sorted by name.
const std::vector<EmbeddedScenario>& embedded_scenarios();

}  // namespace blocsim
