#pragma once
// Reading and writing RunResult files: binary protobuf, or JSON through protobuf's own printer
// when the file name ends in .json. Writes are atomic (see atomic_file.hpp).

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

// Throws std::runtime_error naming the file when it cannot be read, does not parse, or has a
// schema version other than 1.
v1::RunResult read_results(const std::filesystem::path& path);

// The result without its provenance: what must be identical between two runs of the same
// scenario and seed, whatever the threads or processes.
std::string results_without_provenance(const v1::RunResult& result);

}  // namespace blocsim
