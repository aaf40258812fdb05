// A replica function with a data race (every replica increments one plain int), run by the real
// replica runner on two threads. A ThreadSanitizer build must report it and fail: this guards
// the suppressions (tsan.supp) and the runner against hiding races in replica code.
#include <chrono>
#include <cstdio>
#include <thread>

#include "blocsim/core/replica_runner.hpp"

int main() {
  int shared = 0;
  blocsim::RunnerConfig config;
  config.replicas = 16;
  config.threads = 2;
  const auto outputs = blocsim::run_replicas<int>(config, [&](std::uint32_t replica) {
    shared += 1;                                                // the race
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // so both threads take replicas
    return static_cast<int>(replica);
  });
  std::printf("%d replicas, counter %d\n", static_cast<int>(outputs.size()), shared);
  return 0;
}
