#pragma once
// Reading and writing RunResult files: binary protobuf, or JSON through protobuf's own printer
// when the file name ends in .json. Writes are atomic (see atomic_file.hpp).

#include <cstdint>
#include <filesystem>
#include <string>

#include "blocsim/v1/results.pb.h"

namespace blocsim {

enum class ResultsFormat { kBinary, kJson };

// JSON when the extension is .json, binary otherwise.
ResultsFormat results_format_for(const std::filesystem::path& path);

std::string results_to_json(const v1::RunResult& result);

void write_results(const std::filesystem::path& path, const v1::RunResult& result);

// Any exported message (a RunResult, a Comparison), written as write_results does.
void write_message(const std::filesystem::path& path, const google::protobuf::Message& message);

// The largest results file read (far above any run's; docs/OUTPUT.md gives the sizes).
inline constexpr std::uintmax_t kLargestResultsFile = std::uintmax_t{8} << 30;

// Throws std::runtime_error naming the file when it is not a regular file of at most
// kLargestResultsFile bytes, cannot be read, does not parse, has a schema version other than 1,
// is cut short (no provenance, which is written last) or has a metric of another length than
// the run.
v1::RunResult read_results(const std::filesystem::path& path);

// The result without its provenance: what must be identical between two runs of the same
// scenario and seed, whatever the threads or processes.
std::string results_without_provenance(const v1::RunResult& result);

}  // namespace blocsim
