#include "output_check.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace blocsim::cli {

namespace fs = std::filesystem;

std::string output_problem(const std::string& output) {
  if (output.empty()) return "is empty; name the file to write";
  const fs::path path(output);
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (fs::is_directory(status)) return "is a folder; name a file in it";
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    return "is not a regular file (a device, FIFO or socket), which writing would replace";
  }
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec)) return "folder " + folder.string() + " does not exist";
  const fs::path probe = folder / (".blocsim-write-probe-" + std::to_string(::getpid()));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return "cannot write in folder " + folder.string() + ": " + std::strerror(errno);
  ::close(fd);
  ::unlink(probe.c_str());
  return {};
}

int remove_stale_temporaries(const std::string& output) {
  const fs::path path(output);
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  const std::string prefix = path.filename().string() + ".tmp.";
  int removed = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string pid = name.substr(prefix.size());
    if (pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    // A live process may be writing it (another run to the same path): only the dead's go.
    if (::kill(static_cast<pid_t>(std::stol(pid)), 0) == 0 || errno != ESRCH) continue;
    if (fs::remove(entry.path(), ec)) ++removed;
  }
  return removed;
}

SeedValidator::SeedValidator() : CLI::Validator("SEED") {
  func_ = [](std::string& text) -> std::string {
    constexpr const char* kMax = "18446744073709551615";
    const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits) return "'" + text + "' is not a seed; give a whole number from 0 to " + kMax;
    const std::string trimmed = text.substr(std::min(text.find_first_not_of('0'), text.size() - 1));
    if (trimmed.size() > std::strlen(kMax) ||
        (trimmed.size() == std::strlen(kMax) && trimmed > kMax)) {
      return "'" + text + "' is larger than the largest seed, " + kMax;
    }
    return {};
  };
}

}  // namespace blocsim::cli
