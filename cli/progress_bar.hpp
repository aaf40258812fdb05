#pragma once
// A progress bar with an ETA on stderr, drawn only when stderr is a terminal (logs and pipes stay
// clean). Safe to call from worker threads.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace blocsim::cli {

class ProgressBar {
 public:
  ProgressBar(std::string label, bool enabled);
  void update(std::uint32_t done, std::uint32_t total);
  void finish();

 private:
  std::string label_;
  bool enabled_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace blocsim::cli
