#pragma once
// Ctrl-C (SIGINT) and SIGTERM ask a run to stop between replicas instead of killing it, so that
// its journal stays consistent and the run can resume. A second Ctrl-C kills at once.

#include <atomic>

namespace blocsim::cli {

// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>& stop_requested();

}  // namespace blocsim::cli
