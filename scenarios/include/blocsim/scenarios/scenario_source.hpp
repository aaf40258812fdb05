#pragma once
// Where the fields of a scenario come from: which file, line and column. A scenario that extends
// another is merged from two files (or more, along a chain), so a field path of the merged
// scenario is found in the extending file if that file gave the field, and in its parent's
// otherwise.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/text_format.h>

namespace blocsim {

class ScenarioSource {
 public:
  struct Place {
    std::string file;
    int line = 0;        // 1-based; 0 when unknown
    int column = 0;      // 1-based
    int depth = 0;       // how many segments of the path were found
    bool owned = false;  // the path went through a nested list this file gave: all of it is here
  };

  ScenarioSource(std::string origin,
                 std::unique_ptr<google::protobuf::TextFormat::ParseInfoTree> tree,
                 const google::protobuf::Descriptor* root);

  // The place of the field at `path` (e.g. "events[2].export_rule.tariff"), or of the nearest
  // enclosing field that has one.
  Place locate(const std::string& path) const;

  const std::string& origin() const { return origin_; }

  // For extends: the parent's source, and for each top-level list of the merged scenario, where
  // each element came from (>= 0: its index in this file; < 0: -1 - its index in the parent's)
  // and its counterpart in the parent's list (its index there, or -1 for an element this file
  // adds: replacing the list, appending to it or merging by an id the parent does not have).
  std::shared_ptr<const ScenarioSource> parent;
  std::map<std::string, std::vector<int>> list_origin;
  std::map<std::string, std::vector<int>> list_counterpart;

 private:
  // The deepest place along `path` in this file's own text; depth 0 if the path's first field
  // is not in it.
  Place walk(const std::string& path) const;

  std::string origin_;
  std::unique_ptr<google::protobuf::TextFormat::ParseInfoTree> tree_;
  const google::protobuf::Descriptor* root_;
};

}  // namespace blocsim
