#include "blocsim/scenarios/scenario_loader.hpp"

#include <filesystem>
#include <fstream>

#include <google/protobuf/io/tokenizer.h>
#include <sstream>

#include "blocsim/scenarios/embedded_library.hpp"

namespace blocsim {

namespace {

class CollectErrors : public google::protobuf::io::ErrorCollector {
 public:
  CollectErrors(std::string origin, std::vector<Diagnostic>& out)
      : origin_(std::move(origin)), out_(out) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    out_.push_back({origin_, line + 1, column + 1, "", message});
  }

 private:
  std::string origin_;
  std::vector<Diagnostic>& out_;
};

std::string join(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) {
    if (!text.empty()) text += '\n';
    text += d.str();
  }
  return text;
}

}  // namespace

std::string Diagnostic::str() const {
  std::string s = file;
  if (line > 0) s += ":" + std::to_string(line) + ":" + std::to_string(column);
  s += ": ";
  if (!field.empty()) s += field + ": ";
  return s + message;
}

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

LoadedScenario parse_scenario(const std::string& text, const std::string& origin) {
  LoadedScenario loaded;
  loaded.origin = origin;
  loaded.text = text;
  std::vector<Diagnostic> diagnostics;
  CollectErrors collector(origin, diagnostics);
  google::protobuf::TextFormat::Parser parser;
  google::protobuf::TextFormat::ParseInfoTree locations;
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(&locations);
  if (!parser.ParseFromString(text, &loaded.scenario)) {
    if (diagnostics.empty()) diagnostics.push_back({origin, 0, 0, "", "does not parse"});
    throw ScenarioError(std::move(diagnostics));
  }
  diagnostics = validate_scenario(loaded.scenario, origin, &locations);
  if (!diagnostics.empty()) throw ScenarioError(std::move(diagnostics));
  return loaded;
}

LoadedScenario load_scenario(const std::string& spec) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(spec, ec)) {
    std::ifstream in(spec, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (!in) throw ScenarioError({{spec, 0, 0, "", "cannot read the file"}});
    return parse_scenario(buffer.str(), spec);
  }
  for (const auto& builtin : embedded_scenarios()) {
    if (builtin.name == spec) return parse_scenario(std::string(builtin.text), "built-in:" + spec);
  }
  std::string names;
  for (const auto& builtin : embedded_scenarios()) {
    names += names.empty() ? "" : ", ";
    names += builtin.name;
  }
  throw ScenarioError({{spec, 0, 0, "",
                        "no such file, and not a built-in scenario (built-in: " + names + ")"}});
}

}  // namespace blocsim
