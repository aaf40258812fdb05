// The one switch over an event's effect knows every instrument of the schema, and each
// instrument's checks and conversion agree with the plain instrument they produce.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <variant>

#include "blocsim/scenarios/scenario_loader.hpp"
#include "blocsim/scenarios/world_builder.hpp"
#include "instruments/instrument_schema.hpp"

namespace blocsim {
namespace {

TEST(InstrumentSchema, VisitEffectKnowsEveryFieldOfTheEffect) {
  // A field added to Event's `effect` without a line in BLOCSIM_INSTRUMENTS fails here.
  const auto* effect = v1::Event::descriptor()->FindOneofByName("effect");
  ASSERT_NE(effect, nullptr);
  for (int f = 0; f < effect->field_count(); ++f) {
    const auto* field = effect->field(f);
    v1::Event event;
    event.GetReflection()->MutableMessage(&event, field);
    std::string visited;
    EXPECT_TRUE(instruments::visit_effect(event, [&](const auto&, const char* name) {
      visited = name;
    })) << field->name();
    EXPECT_EQ(visited, field->name());
  }
  EXPECT_FALSE(instruments::visit_effect(v1::Event(), [](const auto&, const char*) {}));
}

TEST(InstrumentSchema, EachCheckReportsUnderItsOwnPath) {
  std::vector<Diagnostic> out;
  validation::Checker checker(out);
  validation::ScenarioIds ids;
  ids.nations = {"USA"};
  v1::PriceChange change;
  change.set_lab("nobody");
  change.set_factor(-1);
  instruments::Check c{checker, {&change, "events[3].price_change"}, ids};
  instruments::check_instrument(change, c);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].field, "events[3].price_change.lab");
  EXPECT_EQ(out[1].field, "events[3].price_change.factor");
}

TEST(InstrumentSchema, ConversionResolvesIdsToTheWorldsIndices) {
  const v1::Scenario s = load_scenario("baseline").scenario;
  const ReplicaWorld world = build_world(s, ReplicaKey::make(1, 0));
  const EntityIndex index = EntityIndex::of(world.chips, world.nations, world.labs, world.market);
  v1::CustomsRule rule;
  rule.set_importer("CHN");
  rule.set_maker("nvidia");
  rule.set_block(true);
  const std::string id = "e";
  const Instrument plain = instruments::to_instrument(rule, instruments::Resolver(s, index, id));
  const auto& customs = std::get<CustomsRule>(plain);
  EXPECT_EQ(customs.importer, index.nation.at("CHN"));
  EXPECT_TRUE(customs.block);
  ASSERT_FALSE(customs.chips.empty());
  for (const std::size_t c : customs.chips) EXPECT_EQ(world.chips.maker[c], "nvidia");
  rule.set_importer("ATLANTIS");
  EXPECT_THROW(instruments::to_instrument(rule, instruments::Resolver(s, index, id)),
               std::invalid_argument);
}

}  // namespace
}  // namespace blocsim
