// blocsim bench: standard workloads of the baseline scenario, timed (docs/PERFORMANCE.md).
//
// Every developer reconsiders every month (developers.reconsider_rate=1), so each month of each
// replica processes every developer once: a "developer update". The run is the same pipeline as
// `blocsim run` (replicas in parallel on a TBB arena, then the summaries across replicas), with
// the wall time of each phase of the monthly step recorded through Simulation::step(PhaseTimes*).

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <tbb/info.h>

#include "blocsim/agents/logit_kernel.hpp"
#include "blocsim/core/calendar.hpp"
#include "blocsim/core/replica_runner.hpp"
#include "blocsim/core/run_summary.hpp"
#include "blocsim/scenarios/memory_estimate.hpp"
#include "blocsim/scenarios/metrics_catalog.hpp"
#include "blocsim/scenarios/phase_timer.hpp"
#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/scenarios/simulation.hpp"
#include "blocsim/scenarios/world_builder.hpp"
#include "commands.hpp"

namespace blocsim::cli {

namespace {

struct Workload {
  const char* name;
  std::uint32_t developers;   // 0: the baseline's own
  std::uint32_t replicas;     // enough to keep two cores busy for a few seconds
  bool as_users_run = false;  // the baseline's own reconsider rate, not every developer a month
};

constexpr Workload kWorkloads[] = {
    {"small", 10'000, 16},
    {"medium", 100'000, 4},
    {"large", 1'000'000, 2},
    // What users run: the built-in baseline unchanged (its developers, its reconsider rate).
    {"baseline", 0, 64, true},
};

struct BenchArgs {
  std::string workload = "small";
  std::uint32_t developers = 0;
  std::uint32_t replicas = 0;
  std::uint32_t threads = 0;
  std::uint32_t months = 0;
  bool json = false;
  bool quiet = false;
  bool force = false;
};

// A workload the memory estimate refuses (the message has the figures).
class BenchRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Progress in replica-months on stderr, redrawn at most ten times a second, only on a terminal.
class MonthProgress {
 public:
  MonthProgress(std::string label, std::uint64_t total, bool enabled)
      : label_(std::move(label)), total_(total), enabled_(enabled), start_(Clock::now()) {}

  void add_month() {
    const std::uint64_t done = done_.fetch_add(1, std::memory_order_relaxed) + 1;
    if (!enabled_) return;
    std::unique_lock lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock()) return;
    const auto now = Clock::now();
    if (done < total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double fraction = static_cast<double>(done) / static_cast<double>(total_);
    const double eta = elapsed * (1.0 - fraction) / fraction;
    std::fprintf(stderr, "\r%s: %llu/%llu replica-months  %.0fs elapsed  ETA %.0fs ",
                 label_.c_str(), static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(total_), elapsed, eta);
    std::fflush(stderr);
    drawn_ = true;
  }
  void finish() {
    if (drawn_) std::fprintf(stderr, "\r%*s\r", static_cast<int>(label_.size()) + 60, "");
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::string label_;
  std::uint64_t total_;
  bool enabled_;
  Clock::time_point start_;
  Clock::time_point last_draw_{};
  std::atomic<std::uint64_t> done_{0};
  std::mutex mutex_;
  bool drawn_ = false;
};

// A replica's series keeps only its first `months` months (values[metric * months + t]).
void truncate_series(ReplicaSeries& series, std::size_t metrics, std::size_t months,
                     std::size_t kept) {
  if (kept == months) return;
  for (std::size_t m = 0; m < metrics; ++m) {
    std::copy_n(series.values.begin() + static_cast<std::ptrdiff_t>(m * months), kept,
                series.values.begin() + static_cast<std::ptrdiff_t>(m * kept));
  }
  series.values.resize(metrics * kept);
  series.values.shrink_to_fit();
}

std::uint64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // kilobytes on Linux
}

// CPU time of the whole process so far (user + system, all threads), in seconds.
double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + 1e-6 * static_cast<double>(tv.tv_usec);
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct Measured {
  std::string workload;
  std::uint32_t developers = 0;
  std::uint32_t replicas = 0;
  std::uint32_t threads = 0;
  std::uint32_t months = 0;
  double wall_s = 0.0;
  double cpu_s = 0.0;      // process CPU time over the same span (less than threads x wall
                           // when the cores are shared with other work)
  double build_s = 0.0;    // thread time building worlds (graph included)
  double summary_s = 0.0;  // wall time of the summaries across replicas (parallel themselves)
  PhaseTimes phases;       // thread time per phase, all replicas
  std::uint64_t peak_rss = 0;
  std::string kernel;       // the logit kernel adopt() takes on this CPU for the scenario's offer
  double reconsider = 1.0;  // share of developers reconsidering a month

  // Developers reconsidering, expected: every developer-month times the reconsider rate.
  double updates() const {
    return static_cast<double>(developers) * months * static_cast<double>(replicas) * reconsider;
  }
  double thread_time() const {
    double total = build_s + summary_s;
    for (std::size_t p = 0; p < kPhases; ++p) total += phases.seconds(static_cast<Phase>(p));
    return total;
  }
};

Measured run_bench(const BenchArgs& args, const Workload& workload) {
  Measured out;
  const v1::Scenario baseline = load_scenario("baseline").scenario;
  out.workload = args.developers > 0 ? "custom" : workload.name;
  out.developers = args.developers > 0       ? args.developers
                   : workload.developers > 0 ? workload.developers
                                             : baseline.developers().agents();
  out.replicas = args.replicas > 0 ? args.replicas : workload.replicas;
  out.threads = args.threads > 0 ? args.threads
                                 : static_cast<std::uint32_t>(tbb::info::default_concurrency());
  out.reconsider = workload.as_users_run ? baseline.developers().reconsider_rate() : 1.0;

  std::vector<std::string> overrides = {"developers.agents=" + std::to_string(out.developers)};
  if (!workload.as_users_run) overrides.push_back("developers.reconsider_rate=1");
  if (args.months > run_dates(baseline).size()) {
    // A longer run extends the calendar. A shorter one keeps it, so that every dated event stays
    // inside the run, and stops stepping early.
    const auto start = YearMonth::parse(baseline.run().start());
    if (!start) throw std::runtime_error("bench: the baseline has no valid run.start");
    overrides.push_back("run.end=" + start->plus(static_cast<int>(args.months) - 1).str());
  }
  const LoadedScenario loaded = load_scenario("baseline", overrides);
  const v1::Scenario& scenario = loaded.scenario;
  const std::uint64_t seed = scenario.run().seed();
  const std::vector<std::string> dates = run_dates(scenario);
  const std::size_t months = dates.size();
  out.months = args.months > 0 ? args.months : static_cast<std::uint32_t>(months);
  const std::vector<MetricDef> metrics = metric_catalog(scenario);
  // The same limit as run: a workload beyond the machine is refused with the figures.
  if (const std::string why = memory_refusal(
          estimate_memory(scenario, out.replicas, out.threads, false), available_memory());
      !why.empty() && !args.force) {
    throw BenchRefused(why);
  }

  MonthProgress progress("blocsim bench " + out.workload,
                         static_cast<std::uint64_t>(out.replicas) * out.months,
                         !args.quiet && ::isatty(STDERR_FILENO));
  std::mutex totals_mutex;
  const auto started = std::chrono::steady_clock::now();
  const double cpu_started = process_cpu_seconds();
  RunnerConfig config;
  config.replicas = out.replicas;
  config.threads = out.threads;
  std::vector<ReplicaSeries> series =
      run_replicas<ReplicaSeries>(config, [&](std::uint32_t replica) {
        const auto building = std::chrono::steady_clock::now();
        Simulation simulation(scenario, seed, replica);
        const double build =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - building).count();
        PhaseTimes times;
        for (std::uint32_t t = 0; t < out.months; ++t) {
          simulation.step(&times);
          progress.add_month();
        }
        ReplicaSeries result = simulation.take_series();
        truncate_series(result, metrics.size(), months, out.months);
        const std::lock_guard lock(totals_mutex);
        out.build_s += build;
        out.phases += times;
        return result;
      });
  const auto summarising = std::chrono::steady_clock::now();
  RunDescription run;
  run.scenario_name = scenario.name();
  run.seed = seed;
  run.dates.assign(dates.begin(), dates.begin() + out.months);
  const v1::RunResult result = summarize_run(run, metrics, series);
  const auto finished = std::chrono::steady_clock::now();
  progress.finish();
  if (result.metrics_size() == 0) throw std::runtime_error("bench: the run produced no metrics");

  out.summary_s = std::chrono::duration<double>(finished - summarising).count();
  out.wall_s = std::chrono::duration<double>(finished - started).count();
  out.cpu_s = process_cpu_seconds() - cpu_started;
  out.peak_rss = peak_rss_bytes();
  out.kernel = logit_kernel_name(logit_kernel_for(static_cast<std::size_t>(scenario.labs_size())));
  return out;
}

struct PhaseShare {
  std::string name;
  double seconds;
};

std::vector<PhaseShare> phase_split(const Measured& m) {
  std::vector<PhaseShare> split = {{"build", m.build_s}};
  for (std::size_t p = 0; p < kPhases; ++p) {
    split.push_back({std::string(kPhaseNames[p]), m.phases.seconds(static_cast<Phase>(p))});
  }
  split.push_back({"summary", m.summary_s});
  return split;
}

void print_json(const Measured& m) {
  const double updates = m.updates();
  const double adoption_s = m.phases.seconds(Phase::kAdoption);
  const double thread_time = m.thread_time();
  std::printf("{\n");
  std::printf("  \"workload\": \"%s\",\n", m.workload.c_str());
  std::printf("  \"developers\": %u,\n  \"replicas\": %u,\n  \"threads\": %u,\n  \"months\": %u,\n",
              m.developers, m.replicas, m.threads, m.months);
  std::printf("  \"reconsider_rate\": %.6g,\n", m.reconsider);
  std::printf("  \"wall_s\": %.6g,\n  \"cpu_s\": %.6g,\n", m.wall_s, m.cpu_s);
  std::printf("  \"developer_updates\": %.0f,\n", updates);
  std::printf("  \"developer_updates_per_s\": %.6g,\n", updates / m.wall_s);
  std::printf("  \"developer_updates_per_s_per_core\": %.6g,\n", updates / m.wall_s / m.threads);
  std::printf("  \"developer_updates_per_cpu_s\": %.6g,\n", m.cpu_s > 0 ? updates / m.cpu_s : 0.0);
  std::printf("  \"adoption_updates_per_s_per_core\": %.6g,\n",
              adoption_s > 0 ? updates / adoption_s : 0.0);
  std::printf("  \"replicas_per_s\": %.6g,\n", m.replicas / m.wall_s);
  std::printf("  \"months_per_s\": %.6g,\n", m.replicas * static_cast<double>(m.months) / m.wall_s);
  std::printf("  \"peak_rss_bytes\": %llu,\n", static_cast<unsigned long long>(m.peak_rss));
  std::printf("  \"adoption_kernel\": \"%s\",\n", m.kernel.c_str());
  const auto split = phase_split(m);
  std::printf("  \"phase_seconds\": {");
  for (std::size_t i = 0; i < split.size(); ++i) {
    std::printf("%s\"%s\": %.6g", i ? ", " : "", split[i].name.c_str(), split[i].seconds);
  }
  std::printf("},\n  \"phase_share\": {");
  for (std::size_t i = 0; i < split.size(); ++i) {
    std::printf("%s\"%s\": %.4f", i ? ", " : "", split[i].name.c_str(),
                thread_time > 0 ? split[i].seconds / thread_time : 0.0);
  }
  std::printf("}\n}\n");
}

void print_text(const Measured& m) {
  const double updates = m.updates();
  const double adoption_s = m.phases.seconds(Phase::kAdoption);
  const double thread_time = m.thread_time();
  std::printf(
      "blocsim bench: baseline, %s workload: %u developers x %u months x %u replicas, "
      "%u thread%s, %s\n\n",
      m.workload.c_str(), m.developers, m.months, m.replicas, m.threads, m.threads == 1 ? "" : "s",
      m.reconsider >= 1.0 ? "every developer reconsidering every month"
                          : ("developers reconsidering at the baseline's rate, " +
                             std::to_string(m.reconsider).substr(0, 4) + " a month")
                                .c_str());
  std::printf("  wall time                  %10.2f s (CPU %.2f s)\n", m.wall_s, m.cpu_s);
  std::printf("  developer updates/s        %10.3g total, %.3g per core\n", updates / m.wall_s,
              updates / m.wall_s / m.threads);
  std::printf("    per CPU second           %10.3g\n", m.cpu_s > 0 ? updates / m.cpu_s : 0.0);
  std::printf("    in the adoption phase    %10.3g per core (%s kernel)\n",
              adoption_s > 0 ? updates / adoption_s : 0.0, m.kernel.c_str());
  std::printf("  replicas/s                 %10.3g\n", m.replicas / m.wall_s);
  std::printf("  months/s                   %10.3g (replica-months)\n",
              m.replicas * static_cast<double>(m.months) / m.wall_s);
  std::printf("  peak resident memory       %10.1f MiB\n",
              static_cast<double>(m.peak_rss) / (1024.0 * 1024.0));
  std::printf("\n  time by phase (thread time, %.2f s):\n", thread_time);
  for (const auto& [name, seconds] : phase_split(m)) {
    std::printf("    %-12s %9.3f s  %5.1f%%\n", name.c_str(), seconds,
                thread_time > 0 ? 100.0 * seconds / thread_time : 0.0);
  }
}

}  // namespace

Subcommand add_bench_command(CLI::App& app) {
  auto args = std::make_shared<BenchArgs>();
  CLI::App* bench = app.add_subcommand(
      "bench", "Time standard workloads of the baseline scenario (throughput, memory, phases).");
  bench
      ->add_option("-w,--workload", args->workload,
                   "small (10^4 developers, 16 replicas), medium (10^5, 4), large (10^6, 2),\n"
                   "or baseline: the built-in baseline as users run it (its 20,000 developers,\n"
                   "reconsidering at its 0.1 a month, 64 replicas)")
      ->check(CLI::IsMember({"small", "medium", "large", "baseline"}))
      ->capture_default_str();
  bench
      ->add_option("-d,--developers", args->developers,
                   "Developer agents (default: the workload's)")
      ->check(CLI::Range(1u, kMostDevelopers));
  bench->add_option("-r,--replicas", args->replicas, "Replicas (default: the workload's)")
      ->check(CLI::Range(1u, 10'000'000u));
  bench->add_option("-t,--threads", args->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  bench
      ->add_option("-m,--months", args->months,
                   "Months per replica (default: the baseline's 72; longer extends its calendar)")
      ->check(CLI::Range(1u, 1200u));
  bench->add_flag("--json", args->json, "Print one JSON object instead of the table");
  bench->add_flag("--force", args->force,
                  "Run even when the memory estimate exceeds what the machine has available");
  bench->add_flag("-q,--quiet", args->quiet, "No progress on stderr");
  bench->footer(
      "In small, medium and large every developer reconsiders every month\n"
      "(developers.reconsider_rate=1), so a replica of N developers over M months makes N x M\n"
      "developer updates; baseline keeps the scenario's rate (updates are the expected number). "
      "Time by phase is thread time\n"
      "summed over replicas: building the world, the seven phases of the monthly step, and the\n"
      "summaries across replicas.\n"
      "Examples:\n"
      "  blocsim bench                               the small workload on all cores\n"
      "  blocsim bench --workload medium --threads 1 10^5 developers on one core\n"
      "  blocsim bench --developers 50000 --replicas 8 --months 24 --json\n"
      "  scripts/perf-table                          every workload and microbenchmark, Markdown");
  return {bench, [args]() {
            const Workload* workload = &kWorkloads[0];
            for (const auto& w : kWorkloads) {
              if (args->workload == w.name) workload = &w;
            }
            Measured measured;
            try {
              measured = run_bench(*args, *workload);
            } catch (const BenchRefused& e) {
              std::fprintf(stderr, "blocsim: error: %s\n", e.what());
              return kExitBadInput;
            }
            if (args->json) {
              print_json(measured);
            } else {
              print_text(measured);
            }
            return kExitOk;
          }};
}

}  // namespace blocsim::cli
