#include "blocsim/core/results_io.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/json_util.h>

#include "blocsim/core/atomic_file.hpp"

namespace blocsim {

namespace {

// Map fields would otherwise serialise in hash order; deterministic mode makes equal messages
// give equal bytes, which the reproducibility tests compare.
std::string serialize_deterministic(const google::protobuf::Message& result) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    result.SerializeToCodedStream(&coded);
  }  // the streams flush and trim the string as they close
  return bytes;
}

std::string message_to_json(const google::protobuf::Message& result) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(result, &json, options);
  if (!status.ok()) throw std::runtime_error("cannot print results as JSON: " + status.ToString());
  return json;
}

}  // namespace

ResultsFormat results_format_for(const std::filesystem::path& path) {
  return path.extension() == ".json" ? ResultsFormat::kJson : ResultsFormat::kBinary;
}

std::string results_to_json(const v1::RunResult& result) {
  return message_to_json(result);
}

void write_message(const std::filesystem::path& path, const google::protobuf::Message& message) {
  const std::string bytes = results_format_for(path) == ResultsFormat::kJson
                                ? message_to_json(message)
                                : serialize_deterministic(message);
  write_file_atomically(path, bytes);
}

void write_results(const std::filesystem::path& path, const v1::RunResult& result) {
  write_message(path, result);
}

v1::RunResult read_results(const std::filesystem::path& path) {
  // A FIFO would block and /dev/zero would fill memory: only a regular file of a results
  // file's size is opened.
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    throw std::runtime_error("cannot open results file " + path.string());
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw std::runtime_error(path.string() +
                             ": not a regular file (a folder, device, FIFO or socket); results "
                             "are files");
  }
  if (std::filesystem::file_size(path, ec) > kLargestResultsFile) {
    throw std::runtime_error(path.string() + ": larger than " +
                             std::to_string(kLargestResultsFile >> 30) +
                             " GB, more than any results file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open results file " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string bytes = buffer.str();
  v1::RunResult result;
  bool ok = false;
  if (results_format_for(path) == ResultsFormat::kJson) {
    ok = google::protobuf::util::JsonStringToMessage(bytes, &result).ok();
  } else {
    ok = result.ParseFromString(bytes);
  }
  if (!ok) {
    throw std::runtime_error(path.string() +
                             ": not a blocsim results file (it does not parse as "
                             "blocsim.v1.RunResult; is it truncated?)");
  }
  if (result.schema_version() != 1) {
    throw std::runtime_error(path.string() + ": schema version " +
                             std::to_string(result.schema_version()) +
                             ", this blocsim reads version 1");
  }
  // Protobuf cannot tell a file cut at a field boundary from a whole one; blocsim writes the
  // provenance (field 15) last, so a file without it is cut short.
  if (!result.has_provenance()) {
    throw std::runtime_error(path.string() +
                             ": ends before its provenance record, which blocsim writes last: "
                             "the file is truncated");
  }
  for (const auto& metric : result.metrics()) {
    if (metric.steps_size() != result.dates_size()) {
      throw std::runtime_error(path.string() + ": metric " + metric.name() + " has " +
                               std::to_string(metric.steps_size()) + " months, the run " +
                               std::to_string(result.dates_size()) + "; the file is damaged");
    }
  }
  return result;
}

std::string results_without_provenance(const v1::RunResult& result) {
  v1::RunResult copy = result;
  copy.clear_provenance();
  return serialize_deterministic(copy);
}

}  // namespace blocsim
