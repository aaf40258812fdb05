#pragma once
// blocsim's parallel loop: tbb::parallel_for, except under ThreadSanitizer.
//
// Debian's libtbb is not instrumented, so ThreadSanitizer cannot see how TBB hands tasks between
// threads: every TBB loop shows "races" on TBB's own task objects and on the data a task hands
// back, and no suppression can silence those without also silencing races in the loop's body
// (every frame of a body runs under TBB's frames). Under ThreadSanitizer the loop therefore runs
// the same body on plain std::threads, as many as the current task arena allows (so
// `--threads`, through run_replicas' arena, still sets the count), taking indices from an atomic
// counter: every race between iterations, or between the loop and its caller, is reported, and
// nothing of TBB's is. The order in which iterations run is unspecified either way; callers
// write each iteration's result to its own slot.

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#if defined(__SANITIZE_THREAD__)
#define BLOCSIM_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define BLOCSIM_THREAD_SANITIZER 1
#endif
#endif

namespace blocsim {

// body(i) for every i in [first, last), in parallel. The first exception a body throws is
// rethrown once the loop has stopped.
template <class Index, class Body>
void parallel_for(Index first, Index last, const Body& body) {
#if defined(BLOCSIM_THREAD_SANITIZER)
  if (first >= last) return;
  const auto threads = static_cast<unsigned>(std::max(1, tbb::this_task_arena::max_concurrency()));
  std::atomic<Index> next{first};
  std::mutex error_mutex;
  std::exception_ptr error;
  const auto work = [&] {
    for (Index i = next.fetch_add(1); i < last; i = next.fetch_add(1)) {
      try {
        body(i);
      } catch (...) {
        const std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        next.store(last);  // hand out no more work
      }
    }
  };
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < threads && first + static_cast<Index>(t) < last; ++t) {
    helpers.emplace_back(work);
  }
  work();
  for (auto& helper : helpers) helper.join();
  if (error) std::rethrow_exception(error);
#else
  tbb::parallel_for(first, last, body);
#endif
}

}  // namespace blocsim
