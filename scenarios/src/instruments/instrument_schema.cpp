#include "instrument_schema.hpp"

#include <algorithm>

namespace blocsim::instruments {

std::vector<std::size_t> Resolver::labs(
    const google::protobuf::RepeatedPtrField<std::string>& ids) const {
  std::vector<std::size_t> out;
  for (const auto& id : ids) out.push_back(lab(id));
  return out;
}

std::vector<std::size_t> Resolver::chips(
    const google::protobuf::RepeatedPtrField<std::string>& named, const std::string& maker) const {
  std::set<std::size_t> out;
  for (const auto& id : named) out.insert(chip(id));
  const auto made = index_.maker.find(maker);
  if (!maker.empty() && made != index_.maker.end())
    out.insert(made->second.begin(), made->second.end());
  return {out.begin(), out.end()};
}

std::vector<std::size_t> Resolver::nations(
    const google::protobuf::RepeatedPtrField<std::string>& named,
    const google::protobuf::RepeatedPtrField<std::string>& groups) const {
  std::set<std::size_t> out;
  for (const auto& id : named) out.insert(nation(id));
  for (const auto& g : groups) {
    const auto group = std::find_if(scenario_.groups().begin(), scenario_.groups().end(),
                                    [&](const v1::NationGroup& x) { return x.id() == g; });
    if (group == scenario_.groups().end()) fail("group", g);
    for (const auto& id : group->nations()) out.insert(nation(id));
  }
  return {out.begin(), out.end()};
}

std::size_t Resolver::find(const std::unordered_map<std::string, std::size_t>& map,
                           const std::string& id, const char* kind) const {
  const auto it = map.find(id);
  if (it == map.end()) fail(kind, id);
  return it->second;
}

void Resolver::fail(const char* kind, const std::string& id) const {
  throw std::invalid_argument("event '" + event_ + "' names unknown " + kind + " '" + id + "'");
}

std::optional<Origin> bloc_named(const std::string& name) {
  if (name == "us") return Origin::kUs;
  if (name == "china") return Origin::kChina;
  return std::nullopt;
}

void Check::known_nation(const char* field, const std::string& id, int index) {
  if (ids.nations.count(id) == 0)
    check.error(at, field, "'" + id + "' is not a nation of the scenario", index);
}

void Check::known_chip(const char* field, const std::string& id, int index) {
  if (ids.chips.count(id) == 0)
    check.error(at, field, "'" + id + "' is not a chip of the scenario", index);
}

void Check::known_lab(const char* field, const std::string& id, int index) {
  if (ids.labs.count(id) == 0)
    check.error(at, field, "'" + id + "' is not a lab of the scenario", index);
}

void Check::chips_or_maker(const google::protobuf::RepeatedPtrField<std::string>& chips,
                           const std::string& maker) {
  for (int k = 0; k < chips.size(); ++k) known_chip("chips", chips.Get(k), k);
  if (!maker.empty() && ids.makers.count(maker) == 0) {
    check.error(at, "maker", "'" + maker + "' makes none of the scenario's chips");
  }
  if (chips.empty() && maker.empty()) check.error(at, "chips", "name chips or a maker");
}

}  // namespace blocsim::instruments
