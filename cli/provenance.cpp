#include "provenance.hpp"

#include <unistd.h>

#include <ctime>

namespace blocsim::cli {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

void fill_provenance(v1::Provenance& provenance, double wall_time_s, std::uint32_t threads,
                     std::uint32_t processes, const std::string& started_at,
                     const std::string& command_line) {
  char host[256] = {0};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  provenance.set_program_version("blocsim " BLOCSIM_VERSION);
  provenance.set_build_type(BLOCSIM_BUILD_TYPE);
  provenance.set_wall_time_s(wall_time_s);
  provenance.set_threads(threads);
  provenance.set_processes(processes);
  provenance.set_host(host);
  provenance.set_started_at(started_at);
  provenance.set_command_line(command_line);
}

}  // namespace blocsim::cli
