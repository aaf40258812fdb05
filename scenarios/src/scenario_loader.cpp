#include "blocsim/scenarios/scenario_loader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>

#include "blocsim/scenarios/embedded_library.hpp"
#include "blocsim/scenarios/scenario_merge.hpp"
#include "blocsim/scenarios/scenario_overrides.hpp"
#include "quoted_enums.hpp"

namespace blocsim {

namespace {

namespace fs = std::filesystem;
using Tree = google::protobuf::TextFormat::ParseInfoTree;

// Edit distance between two names (insertions, deletions, substitutions, transpositions).
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// `names` as a list, and the one nearest to `wrong` when it is near enough to be a typo.
std::string allowed_names(const std::string& wrong, const std::vector<std::string>& names,
                          const char* what) {
  std::string list;
  std::string nearest;
  std::size_t best = std::max<std::size_t>(2, wrong.size() / 3) + 1;
  for (const auto& name : names) {
    list += (list.empty() ? "" : ", ") + name;
    const std::size_t d = distance(wrong, name);
    if (d < best) {
      best = d;
      nearest = name;
    }
  }
  std::string text;
  if (!nearest.empty()) text += " (did you mean \"" + nearest + "\"?)";
  return text + "; " + what + " are: " + list;
}

// `text` between `prefix` and `suffix` when it is exactly prefix + inner + suffix. Plain string
// matching, not std::regex: libstdc++'s regex recurses per character and overflows the stack on
// a name tens of thousands of characters long.
std::optional<std::string> between(const std::string& text, const std::string& prefix,
                                   const std::string& suffix) {
  if (text.size() < prefix.size() + suffix.size() || text.compare(0, prefix.size(), prefix) != 0 ||
      text.compare(text.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return std::nullopt;
  }
  return text.substr(prefix.size(), text.size() - prefix.size() - suffix.size());
}

// A name from the input as it goes into a message: long ones cut, so that one error cannot be
// megabytes long.
std::string shown(const std::string& name, std::size_t longest = 80) {
  return name.size() <= longest ? name : name.substr(0, longest) + "...";
}

// The text parser's "has no field named" and "Unknown enumeration value" errors, with what is
// allowed added: the message's fields, or the enum's values, and the nearest one.
std::string explained(const std::string& raw) {
  std::string message = raw;
  if (!message.empty() && message.back() == '.') message.pop_back();
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  // Message type "blocsim.v1.X" has no field named "name"
  if (const auto inner = between(message, "Message type \"", "\"")) {
    const std::string separator = "\" has no field named \"";
    const std::size_t split = inner->find(separator);
    if (split == std::string::npos) return shown(raw, 400);
    const std::string type_name = inner->substr(0, split);
    const std::string wrong = inner->substr(split + separator.size());
    const auto* type = pool->FindMessageTypeByName(type_name);
    if (type == nullptr) return shown(raw, 400);
    std::vector<std::string> names;
    for (int i = 0; i < type->field_count(); ++i) names.push_back(type->field(i)->name());
    return type->name() + " has no field named \"" + shown(wrong) + "\"" +
           allowed_names(wrong, names, "its fields");
  }
  // Unknown enumeration value of "v" for field "f"
  if (const auto inner = between(message, "Unknown enumeration value of \"", "\"")) {
    const std::string separator = "\" for field \"";
    const std::size_t split = inner->rfind(separator);
    if (split == std::string::npos) return shown(raw, 400);
    const std::string value = inner->substr(0, split);
    const std::string field = inner->substr(split + separator.size());
    // The error names the field, not its message: list the values when every enum field of
    // that name in the scenario schema has the same type.
    const google::protobuf::EnumDescriptor* type = nullptr;
    bool unique = true;
    std::vector<const google::protobuf::Descriptor*> todo;
    const auto* file = v1::Scenario::descriptor()->file();
    for (int i = 0; i < file->message_type_count(); ++i) todo.push_back(file->message_type(i));
    while (!todo.empty()) {
      const auto* d = todo.back();
      todo.pop_back();
      for (int i = 0; i < d->nested_type_count(); ++i) todo.push_back(d->nested_type(i));
      const auto* f = d->FindFieldByName(field);
      if (f == nullptr || f->enum_type() == nullptr) continue;
      if (type != nullptr && type != f->enum_type()) unique = false;
      type = f->enum_type();
    }
    if (type == nullptr || !unique) return shown(raw, 400);
    std::vector<std::string> names;
    for (int i = 0; i < type->value_count(); ++i) {
      if (type->value(i)->number() != 0) names.push_back(type->value(i)->name());
    }
    return "\"" + shown(value) + "\" is not a value of field \"" + field + "\"" +
           allowed_names(value, names, "its values");
  }
  return shown(raw, 400);
}

class CollectErrors : public google::protobuf::io::ErrorCollector {
 public:
  CollectErrors(std::string origin, std::vector<Diagnostic>& out)
      : origin_(std::move(origin)), out_(out) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    out_.push_back({origin_, line + 1, column + 1, "", explained(message)});
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

// The contents of a regular file, at most kLargestScenarioFile bytes; a read error is reported,
// never taken for an empty file (/proc files, for one, report size 0 and fail to read).
std::string read_scenario_file(const fs::path& path) {
  const auto fail = [&](const std::string& why) {
    throw ScenarioError({{path.string(), 0, 0, "", why}});
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(std::string("cannot read the file: ") + std::strerror(errno));
  std::string body;
  char chunk[1 << 16];
  for (;;) {
    const ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      const int error = errno;
      ::close(fd);
      fail(std::string("cannot read the file: ") + std::strerror(error));
    }
    if (got == 0) break;
    body.append(chunk, static_cast<std::size_t>(got));
    if (body.size() > kLargestScenarioFile) {
      ::close(fd);
      fail("is larger than " + std::to_string(kLargestScenarioFile >> 20) +
           " MB, the largest scenario file read (docs/SCENARIOS.md, \"Limits\")");
    }
  }
  ::close(fd);
  return body;
}

// A file path first, then a built-in name.
Text find_text(const std::string& spec, const fs::path& folder) {
  std::error_code ec;
  const fs::path candidate = fs::path(spec).is_absolute() ? fs::path(spec) : folder / spec;
  const auto status = fs::status(candidate, ec);
  if (fs::is_regular_file(status)) {
    const std::string origin =
        folder == fs::path(".") ? spec : candidate.lexically_normal().string();
    return {origin, read_scenario_file(candidate),
            candidate.parent_path().empty() ? fs::path(".") : candidate.parent_path()};
  }
  if (fs::exists(status)) {
    throw ScenarioError(
        {{shown(candidate.string()), 0, 0, "",
          fs::is_directory(status) ? "is a folder, not a scenario file"
                                   : "is not a regular file (a device, FIFO or socket); a scenario "
                                     "must be a file"}});
  }
  for (const auto& builtin : embedded_scenarios()) {
    if (builtin.name == spec) return {"built-in:" + spec, std::string(builtin.text), fs::path(".")};
  }
  std::string names;
  for (const auto& name : builtin_scenario_names()) names += (names.empty() ? "" : ", ") + name;
  throw ScenarioError({{shown(spec), 0, 0, "",
                        "no such file, and not a built-in scenario (built-in: " + names + ")"}});
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
  if (!parser.ParseFromString(unquote_enum_values(text.body, *v1::Scenario::descriptor()), &own)) {
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
  if (chain.size() + 1 >= kDeepestExtends) {
    fail("extends chains at most " + std::to_string(kDeepestExtends) +
         " files deep (docs/SCENARIOS.md, \"Limits\"); this one goes deeper");
  }
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
                                "nations, labs, events, groups, uncertain"}});
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
  const std::vector<AppliedOverride> applied = apply_overrides(resolved.scenario, overrides);
  std::vector<Diagnostic> diagnostics =
      validate_scenario(resolved.scenario, *resolved.source, applied);
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
