// Inputs that used to crash, hang or be read as something else are refused before any work, with
// the file and, where it has one, the place (docs/SCENARIOS.md, "Limits").
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "blocsim/scenarios/scenario_loader.hpp"
#include "support/scratch_folder.hpp"

namespace blocsim {
namespace {

using test_support::ScratchFolder;

// The first diagnostic's text, or "loaded".
std::string first_error(const std::string& spec, const std::vector<std::string>& overrides = {}) {
  try {
    load_scenario(spec, overrides);
  } catch (const ScenarioError& e) {
    return e.diagnostics().front().str();
  }
  return "loaded";
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(ScenarioLimits, AVeryLongUnknownNameIsReportedNotACrash) {
  // std::regex recursed once per character of the name and overflowed the stack near 30,000.
  ScratchFolder folder;
  const std::string name(100000, 'q');
  write(folder / "field.textproto", "extends: \"baseline\"\nnations { " + name + ": 1 }\n");
  const std::string field = first_error((folder / "field.textproto").string());
  EXPECT_NE(field.find(":2:"), std::string::npos) << field.substr(0, 200);
  EXPECT_NE(field.find("has no field named \"qqq"), std::string::npos) << field.substr(0, 200);
  EXPECT_LT(field.size(), 2000u);  // the name is cut in the message
  write(folder / "value.textproto",
        "extends: \"baseline\"\nadoption { network_on: " + name + " }\n");
  const std::string value = first_error((folder / "value.textproto").string());
  EXPECT_NE(value.find("is not a value of field \"network_on\""), std::string::npos)
      << value.substr(0, 200);
}

TEST(ScenarioLimits, AnExtendsChainDeeperThanTheLimitIsRefusedByName) {
  ScratchFolder folder;
  const std::size_t depth = kDeepestExtends + 10;
  for (std::size_t i = 0; i < depth; ++i) {
    const std::string parent =
        i + 1 < depth ? "c" + std::to_string(i + 1) + ".textproto" : "baseline";
    write(folder / ("c" + std::to_string(i) + ".textproto"),
          "extends: \"" + parent + "\"\nname: \"c" + std::to_string(i) + "\"\n");
  }
  const std::string deep = first_error((folder / "c0.textproto").string());
  EXPECT_NE(deep.find("extends chains at most " + std::to_string(kDeepestExtends)),
            std::string::npos)
      << deep;
  // A chain within the limit loads.
  EXPECT_EQ(
      first_error(
          (folder / ("c" + std::to_string(depth - kDeepestExtends + 2) + ".textproto")).string()),
      "loaded");
}

TEST(ScenarioLimits, AFileTooLargeIsRefusedBeforeParsing) {
  ScratchFolder folder;
  std::string text = "extends: \"baseline\"\n";
  text += std::string(kLargestScenarioFile, '#');  // one long comment
  write(folder / "large.textproto", text);
  const std::string error = first_error((folder / "large.textproto").string());
  EXPECT_NE(error.find("is larger than 16 MB"), std::string::npos) << error.substr(0, 200);
}

TEST(ScenarioLimits, WhatIsNotARegularFileIsRefusedAndAReadErrorIsNotAnEmptyFile) {
  ScratchFolder folder;
  const auto fifo = folder / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_NE(first_error(fifo.string()).find("is not a regular file"), std::string::npos);
  EXPECT_NE(first_error(folder.path().string()).find("is a folder"), std::string::npos);
  // /proc/self/mem says it is a regular file of size 0, and reading it fails.
  write(folder / "mem.textproto", "extends: \"/proc/self/mem\"\n");
  const std::string mem = first_error((folder / "mem.textproto").string());
  EXPECT_NE(mem.find("cannot read the file"), std::string::npos) << mem;
}

TEST(ScenarioLimits, NonFiniteAndHugeNumbersAreRefusedWhereverTheyAre) {
  EXPECT_NE(first_error("baseline", {"adoption.mu=inf"}).find("adoption.mu: is inf"),
            std::string::npos);
  EXPECT_NE(first_error("baseline", {"nations.GBR.compute_h100e=1e308"})
                .find("numbers in a scenario must lie within"),
            std::string::npos);
  EXPECT_NE(first_error("baseline", {"events.deepseek-price-cut.price_change.factor=nan"})
                .find("a number must be finite"),
            std::string::npos);
}

TEST(ScenarioLimits, SizesBeyondAMachineAreRefusedByValidation) {
  EXPECT_NE(first_error("baseline", {"run.end=9999-12"}).find("run.end: makes a run of"),
            std::string::npos);
  EXPECT_NE(
      first_error("baseline", {"run.replicas=4294967295"}).find("run.replicas: is 4294967295"),
      std::string::npos);
  EXPECT_NE(first_error("baseline", {"developers.ties_within=1000000"})
                .find("developers.ties_within: is 1000000; at most 1000"),
            std::string::npos);
  ScratchFolder folder;
  std::string text = "extends: \"baseline\"\nlist_mode { field: \"events\" mode: APPEND }\n";
  for (std::size_t i = 0; i < 10001; ++i) {
    text += "events { id: \"e" + std::to_string(i) +
            "\" date: \"2026-01\" subsidy { nation: \"CHN\" capacity_growth: 0.1 } }\n";
  }
  write(folder / "events.textproto", text);
  EXPECT_NE(first_error((folder / "events.textproto").string()).find("events; at most 10000"),
            std::string::npos);
}

}  // namespace
}  // namespace blocsim
