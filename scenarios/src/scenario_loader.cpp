#include "blocsim/scenarios/scenario_loader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <google/protobuf/io/tokenizer.h>

#include "blocsim/scenarios/embedded_library.hpp"
#include "blocsim/scenarios/scenario_merge.hpp"
#include "blocsim/scenarios/scenario_overrides.hpp"

namespace blocsim {

namespace {

namespace fs = std::filesystem;
using Tree = google::protobuf::TextFormat::ParseInfoTree;

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

struct Text {
  std::string origin;  // path or built-in:<name>
  std::string body;
  fs::path folder;  // where a relative `extends` is looked up
};

// A file path first, then a built-in name.
Text find_text(const std::string& spec, const fs::path& folder) {
  std::error_code ec;
  const fs::path candidate = fs::path(spec).is_absolute() ? fs::path(spec) : folder / spec;
  if (fs::is_regular_file(candidate, ec)) {
    std::ifstream in(candidate, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (!in) throw ScenarioError({{candidate.string(), 0, 0, "", "cannot read the file"}});
    const std::string origin =
        folder == fs::path(".") ? spec : candidate.lexically_normal().string();
    return {origin, buffer.str(),
            candidate.parent_path().empty() ? fs::path(".") : candidate.parent_path()};
  }
  for (const auto& builtin : embedded_scenarios()) {
    if (builtin.name == spec) return {"built-in:" + spec, std::string(builtin.text), fs::path(".")};
  }
  std::string names;
  for (const auto& name : builtin_scenario_names()) names += (names.empty() ? "" : ", ") + name;
  throw ScenarioError(
      {{spec, 0, 0, "", "no such file, and not a built-in scenario (built-in: " + names + ")"}});
}

struct Resolved {
  v1::Scenario scenario;
  std::shared_ptr<ScenarioSource> source;
};

// Parses a text and, along its chain of `extends`, merges it onto its parent.
Resolved resolve(const Text& text, std::vector<std::string>& chain) {
  std::vector<Diagnostic> diagnostics;
  CollectErrors collector(text.origin, diagnostics);
  google::protobuf::TextFormat::Parser parser;
  auto tree = std::make_unique<Tree>();
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(tree.get());
  v1::Scenario own;
  if (!parser.ParseFromString(text.body, &own)) {
    if (diagnostics.empty()) diagnostics.push_back({text.origin, 0, 0, "", "does not parse"});
    throw ScenarioError(std::move(diagnostics));
  }
  const Tree& locations = *tree;
  auto source =
      std::make_shared<ScenarioSource>(text.origin, std::move(tree), v1::Scenario::descriptor());
  if (own.extends().empty()) return {std::move(own), std::move(source)};

  const auto place = source->locate("extends");
  const auto fail = [&](const std::string& message) {
    throw ScenarioError({{text.origin, place.line, place.column, "extends", message}});
  };
  chain.push_back(text.origin);
  Text parent_text;
  try {
    parent_text = find_text(own.extends(), text.folder);
  } catch (const ScenarioError& e) {
    fail(e.diagnostics().front().message);
  }
  if (std::find(chain.begin(), chain.end(), parent_text.origin) != chain.end()) {
    std::string cycle;
    for (const auto& c : chain) cycle += c + " -> ";
    fail("extends makes a cycle: " + cycle + parent_text.origin);
  }
  Resolved parent = resolve(parent_text, chain);
  chain.pop_back();
  for (const auto& mode : own.list_mode()) {
    const auto* f = v1::Scenario::descriptor()->FindFieldByName(mode.field());
    if (f == nullptr || !f->is_repeated() || f->message_type() == nullptr) {
      const auto at = source->locate("list_mode");
      throw ScenarioError({{text.origin, at.line, at.column, "list_mode.field",
                            "'" + mode.field() +
                                "' is not a top-level list; allowed: chips, "
                                "nations, labs, events, groups"}});
    }
  }
  v1::Scenario merged = std::move(parent.scenario);
  source->parent = parent.source;
  try {
    merge_scenario(merged, own, locations, *source);
  } catch (const std::invalid_argument& e) {
    const auto at = source->locate("list_mode");
    throw ScenarioError({{text.origin, at.line, at.column, "list_mode", e.what()}});
  }
  merged.clear_extends();
  merged.clear_list_mode();
  return {std::move(merged), std::move(source)};
}

LoadedScenario finish(Resolved resolved, const std::vector<std::string>& overrides) {
  apply_overrides(resolved.scenario, overrides);
  std::vector<Diagnostic> diagnostics = validate_scenario(resolved.scenario, *resolved.source);
  if (!diagnostics.empty()) throw ScenarioError(std::move(diagnostics));
  LoadedScenario loaded;
  loaded.origin = resolved.source->origin();
  google::protobuf::TextFormat::PrintToString(resolved.scenario, &loaded.text);
  loaded.scenario = std::move(resolved.scenario);
  loaded.source = std::move(resolved.source);
  return loaded;
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

std::vector<std::string> builtin_scenario_names() {
  std::vector<std::string> names;
  for (const auto& builtin : embedded_scenarios()) names.emplace_back(builtin.name);
  return names;
}

LoadedScenario parse_scenario(const std::string& text, const std::string& origin) {
  std::vector<std::string> chain;
  return finish(resolve({origin, text, fs::path(".")}, chain), {});
}

LoadedScenario load_scenario(const std::string& spec, const std::vector<std::string>& overrides) {
  std::vector<std::string> chain;
  return finish(resolve(find_text(spec, fs::path(".")), chain), overrides);
}

}  // namespace blocsim
