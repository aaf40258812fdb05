#include "blocsim/scenarios/scenario_source.hpp"

#include <algorithm>
#include <utility>

namespace blocsim {

namespace {

struct Segment {
  std::string field;
  int index = -1;
};

std::vector<Segment> split(const std::string& path) {
  std::vector<Segment> segments;
  std::size_t begin = 0;
  while (begin < path.size()) {
    std::size_t end = path.find('.', begin);
    if (end == std::string::npos) end = path.size();
    std::string part = path.substr(begin, end - begin);
    Segment segment;
    const std::size_t bracket = part.find('[');
    if (bracket != std::string::npos) {
      segment.index = std::atoi(part.c_str() + bracket + 1);
      part.resize(bracket);
    }
    segment.field = std::move(part);
    segments.push_back(std::move(segment));
    begin = end + 1;
  }
  return segments;
}

std::string join(const std::vector<Segment>& segments) {
  std::string path;
  for (const auto& s : segments) {
    if (!path.empty()) path += '.';
    path += s.field;
    if (s.index >= 0) path += "[" + std::to_string(s.index) + "]";
  }
  return path;
}

}  // namespace

ScenarioSource::ScenarioSource(std::string origin,
                               std::unique_ptr<google::protobuf::TextFormat::ParseInfoTree> tree,
                               const google::protobuf::Descriptor* root)
    : origin_(std::move(origin)), tree_(std::move(tree)), root_(root) {}

ScenarioSource::Place ScenarioSource::walk(const std::string& path) const {
  Place place{origin_, 0, 0, 0};
  const google::protobuf::TextFormat::ParseInfoTree* tree = tree_.get();
  const google::protobuf::Descriptor* descriptor = root_;
  bool top = true;
  for (const Segment& segment : split(path)) {
    if (tree == nullptr || descriptor == nullptr) break;
    const auto* field = descriptor->FindFieldByName(segment.field);
    if (field == nullptr) break;
    // Protobuf aborts on an index that does not fit the field's kind: a repeated field named as a
    // whole is located at its first element, a singular one takes -1.
    const int index = field->is_repeated() ? std::max(segment.index, 0) : -1;
    const auto location = tree->GetLocation(field, index);
    if (location.line < 0) break;
    place.line = location.line + 1;
    place.column = location.column + 1;
    ++place.depth;
    // A nested list given here replaces the parent's whole (merge_scenario), so the parent has
    // nothing to say about its elements.
    if (field->is_repeated() && !top) place.owned = true;
    top = false;
    if (field->message_type() == nullptr) break;
    tree = tree->GetTreeForNested(field, index);
    descriptor = field->message_type();
  }
  return place;
}

ScenarioSource::Place ScenarioSource::locate(const std::string& path) const {
  std::vector<Segment> segments = split(path);
  // The same field in the parent's scenario: the same path, but an element of a top-level list
  // may sit at another index there, or not be there at all.
  std::string parent_path = path;
  bool in_parent = true;
  if (!segments.empty() && segments.front().index >= 0) {
    const std::string& list = segments.front().field;
    const auto index = static_cast<std::size_t>(segments.front().index);
    const auto origin = list_origin.find(list);
    if (origin != list_origin.end() && index < origin->second.size()) {
      const int from = origin->second[index];
      if (from < 0 && parent) {
        segments.front().index = -1 - from;
        return parent->locate(join(segments));
      }
      const auto counterpart = list_counterpart.find(list);
      const int there = counterpart != list_counterpart.end() && index < counterpart->second.size()
                            ? counterpart->second[index]
                            : -1;
      if (there >= 0) {
        segments.front().index = there;
        parent_path = join(segments);
      } else {
        in_parent = false;  // an element this file added: everything about it is in this file
      }
      segments.front().index = from;
    }
  }
  const Place here = walk(join(segments));
  if (!parent || !in_parent || here.owned || here.depth == static_cast<int>(segments.size())) {
    return here;
  }
  // A field this file did not give comes from the parent (for a list this file gave, it has no
  // counterpart there, and this file's place is the closest).
  const Place there = parent->locate(parent_path);
  return there.depth > here.depth ? there : here;
}

}  // namespace blocsim
