// blocsim info FILE: what a results or comparison file holds, without drawing anything: its
// kind, scenario(s), seed, replicas, months, metrics and provenance (docs/OUTPUT.md).

#include <google/protobuf/util/json_util.h>

#include <google/protobuf/stubs/logging.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "blocsim/core/results_io.hpp"
#include "commands.hpp"

namespace blocsim::cli {

namespace {

void print_provenance(const v1::Provenance& p) {
  std::printf("made by      %s (%s), %s, %u thread%s x %u process%s, %.1f s on %s\n",
              p.program_version().c_str(), p.build_type().c_str(), p.started_at().c_str(),
              p.threads(), p.threads() == 1 ? "" : "s", p.processes(),
              p.processes() == 1 ? "" : "es", p.wall_time_s(), p.host().c_str());
  if (!p.command_line().empty()) std::printf("command      %s\n", p.command_line().c_str());
}

void print_run(const std::string& path, const v1::RunResult& r) {
  std::printf("file         %s: the results of a run (blocsim.v1.RunResult, schema %u)\n",
              path.c_str(), r.schema_version());
  std::printf("scenario     %s", r.scenario_name().c_str());
  if (!r.scenario_description().empty()) std::printf(": %s", r.scenario_description().c_str());
  std::printf("\nseed         %llu\nreplicas     %u\n", static_cast<unsigned long long>(r.seed()),
              r.replicas());
  if (r.dates_size() > 0) {
    std::printf("months       %d, %s to %s\n", r.dates_size(), r.dates(0).c_str(),
                r.dates(r.dates_size() - 1).c_str());
  }
  const bool per_replica = r.metrics_size() > 0 && r.metrics(0).replicas_size() > 0;
  std::printf("metrics      %d%s\n", r.metrics_size(),
              per_replica ? ", with every replica's series (--per-replica)" : "");
  std::printf("uncertain    %d parameter%s drawn per replica\n", r.parameters_size(),
              r.parameters_size() == 1 ? "" : "s");
  for (const auto& o : r.overrides()) std::printf("override     --set %s\n", o.c_str());
  std::printf("events       %d\n", r.events_size());
  print_provenance(r.provenance());
}

void print_comparison(const std::string& path, const v1::Comparison& c) {
  std::printf("file         %s: a paired comparison (blocsim.v1.Comparison, schema %u)\n",
              path.c_str(), c.schema_version());
  std::printf("scenarios    B %s minus A %s\n", c.b_name().c_str(), c.a_name().c_str());
  std::printf("seed         %llu\nreplicas     %u\n", static_cast<unsigned long long>(c.seed()),
              c.replicas());
  std::string dates;
  for (const auto& d : c.dates()) dates += (dates.empty() ? "" : ", ") + d;
  std::printf("dates        %s\nmetrics      %d\n", dates.c_str(), c.metrics_size());
  print_provenance(c.provenance());
}

// A comparison file, or nullptr when the file is not one (read_results says why it is not a run).
std::unique_ptr<v1::Comparison> read_comparison(const std::string& path) {
  // read_results has refused anything but a regular file of a results file's size; only such a
  // file is opened here too (a FIFO would block).
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) ||
      std::filesystem::file_size(path, ec) > kLargestResultsFile) {
    return nullptr;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto c = std::make_unique<v1::Comparison>();
  const bool ok = results_format_for(path) == ResultsFormat::kJson
                      ? google::protobuf::util::JsonStringToMessage(bytes.str(), c.get()).ok()
                      : c->ParseFromString(bytes.str());
  // A comparison's metrics carry per-date differences and it ends with its provenance.
  if (!ok || c->schema_version() != 1 || !c->has_provenance() || c->dates_size() == 0) {
    return nullptr;
  }
  return c;
}

}  // namespace

Subcommand add_info_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  CLI::App* info = app.add_subcommand(
      "info", "Say what a results or comparison file holds: scenario, seed, replicas, provenance.");
  info->add_option("file", *path, "A results file (blocsim run -o) or a comparison (compare -o)")
      ->required();
  info->footer(
      "Examples:\n"
      "  blocsim info results.pb\n"
      "  blocsim info comparison.pb");
  return {info, [path]() {
            // A comparison read as a run first makes protobuf log its own error: the one said
            // below is enough.
            google::protobuf::LogSilencer quiet;
            try {
              print_run(*path, read_results(*path));
              return kExitOk;
            } catch (const std::runtime_error& not_a_run) {
              if (const auto c = read_comparison(*path)) {
                print_comparison(*path, *c);
                return kExitOk;
              }
              std::fprintf(stderr, "blocsim: error: %s (nor a comparison)\n", not_a_run.what());
              return kExitBadInput;
            }
          }};
}

}  // namespace blocsim::cli
