// Scenario files may quote an enum value (`rule: "bass"`), as they did when the adoption rule was
// a string; the loader reads it as the bare name and keeps every error location.
#include <gtest/gtest.h>

#include "blocsim/scenarios/scenario_loader.hpp"

namespace blocsim {
namespace {

std::string serialized(const std::string& text) {
  return parse_scenario(text, "test").scenario.SerializeAsString();
}

TEST(QuotedEnums, AQuotedValueReadsAsTheBareName) {
  const std::string bare = serialized(
      "extends: \"baseline\"\nadoption { rule: bass bass { p: 0.01 q: 0.3 } "
      "seeding { adopted_fraction: 0.01 } }\n");
  const std::string quoted = serialized(
      "extends: \"baseline\"\nadoption { rule: \"bass\" bass { p: 0.01 q: 0.3 } "
      "seeding { adopted_fraction: 0.01 } }\n");
  EXPECT_EQ(bare, quoted);
  EXPECT_EQ(parse_scenario("extends: \"baseline\"\nadoption { rule: 'bass' bass { p: 0.01 } "
                           "seeding { adopted_fraction: 0.01 } }\n",
                           "test")
                .scenario.adoption()
                .rule(),
            v1::AdoptionRuleKind::bass);
}

TEST(QuotedEnums, EveryEnumFieldAtAnyDepthIsRead) {
  const v1::Scenario s =
      parse_scenario(
          "extends: \"baseline\"\ndevelopers { graph { kind: \"RING_LATTICE\" } }\n"
          "adoption { network_on: \"BLOC\" }\n",
          "test")
          .scenario;
  EXPECT_EQ(s.developers().graph().kind(), v1::TieGraph::RING_LATTICE);
  EXPECT_EQ(s.adoption().network_on(), v1::AdoptionSettings::BLOC);
}

TEST(QuotedEnums, AStringFieldKeepsItsQuotedText) {
  // `name` is a string: its value "logit" must stay a string, not become a bare word.
  const v1::Scenario s =
      parse_scenario("extends: \"baseline\"\nname: \"logit\" description: 'bass'\n", "test")
          .scenario;
  EXPECT_EQ(s.name(), "logit");
  EXPECT_EQ(s.description(), "bass");
}

TEST(QuotedEnums, AnErrorAfterAQuotedValueKeepsItsColumn) {
  // The same bad field after a quoted and after a bare value: the same line and column, tabs
  // included, since the rewrite pads the two quotes it removes.
  const auto where = [](const std::string& text) {
    try {
      parse_scenario(text, "test");
    } catch (const ScenarioError& e) {
      const Diagnostic& d = e.diagnostics().front();
      return std::to_string(d.line) + ":" + std::to_string(d.column);
    }
    return std::string("no error");
  };
  const std::string tabbed =
      where("extends: \"baseline\"\nadoption {\n\trule: \"bass\"\tno_such_field: 1 }\n");
  EXPECT_EQ(tabbed, where("extends: \"baseline\"\nadoption {\n\trule: bass\tno_such_field: 1 }\n"));
  EXPECT_EQ(tabbed, "3:38");  // the parser places an unknown field at its end
  EXPECT_EQ(where("extends: \"baseline\"\nadoption { rule: \"bass\" no_such_field: 1 }\n"),
            where("extends: \"baseline\"\nadoption { rule: bass   no_such_field: 1 }\n"));
}

TEST(QuotedEnums, AQuotedUnknownValueIsRefusedWithTheValuesAllowed) {
  try {
    parse_scenario("extends: \"baseline\"\nadoption { rule: \"bas\" }\n", "test");
    FAIL() << "an unknown rule was accepted";
  } catch (const ScenarioError& e) {
    const std::string message = e.diagnostics().front().message;
    EXPECT_NE(message.find("\"bas\" is not a value of field \"rule\" (did you mean \"bass\"?)"),
              std::string::npos)
        << message;
  }
}

}  // namespace
}  // namespace blocsim
