#include "progress_bar.hpp"

#include <cstdio>

namespace blocsim::cli {

ProgressBar::ProgressBar(std::string label, bool enabled)
    : label_(std::move(label)),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void ProgressBar::update(std::uint32_t done, std::uint32_t total) {
  if (!enabled_ || total == 0) return;
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  // Redraw at most ten times a second, and always at the end.
  if (done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double fraction = static_cast<double>(done) / total;
  const double eta = done > 0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(fraction * kWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r%s [%s] %u/%u replicas  %.0fs elapsed  ETA %.0fs ", label_.c_str(),
               bar.c_str(), done, total, elapsed, eta);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace blocsim::cli
