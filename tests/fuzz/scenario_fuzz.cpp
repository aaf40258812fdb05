// The fuzz target of the scenario reader: any bytes, read as a scenario file, either load or are
// refused with a ScenarioError; nothing crashes, hangs or throws anything else. A scenario that
// loads (and is small) also builds its world and runs two months, where the drawn parameters and
// the first steps meet what validation let through (a beta of alpha inf once hung here).
//
// With clang and -DBLOCSIM_FUZZ=ON this links libFuzzer (blocsim_scenario_fuzz, docs/SCENARIOS.md
// "Limits" says how to run it); every build also has blocsim_fuzz_replay, which feeds files to the
// same entry point, and ctest replays a corpus of mutated library scenarios through it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/scenarios/simulation.hpp"

namespace {

// Larger worlds are valid but too slow to step inside a fuzzing loop.
constexpr std::uint32_t kLargestWorldStepped = 50000;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  blocsim::LoadedScenario loaded;
  try {
    loaded = blocsim::parse_scenario(text, "fuzz.textproto");
  } catch (const blocsim::ScenarioError&) {
    return 0;  // refused, with located diagnostics: the expected outcome for most inputs
  }
  if (loaded.scenario.developers().agents() > kLargestWorldStepped) return 0;
  blocsim::Simulation simulation(loaded.scenario, 1, 0);
  for (int month = 0; month < 2 && simulation.step(); ++month) {
  }
  return 0;
}
