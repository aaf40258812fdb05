#include "interrupt.hpp"

#include <csignal>

namespace blocsim::cli {

namespace {

std::atomic<bool> stop{false};

extern "C" void on_signal(int signal) {
  if (stop.exchange(true)) {
    // The second time: give up waiting for the running replicas.
    std::signal(signal, SIG_DFL);
    std::raise(signal);
  }
}

}  // namespace

const std::atomic<bool>& stop_requested() {
  static const bool installed = [] {
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    return true;
  }();
  (void)installed;
  return stop;
}

}  // namespace blocsim::cli
