#include "blocsim/core/results_io.hpp"

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "blocsim/core/run_summary.hpp"

namespace blocsim {
namespace {

namespace fs = std::filesystem;

class ResultsIo : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("blocsim_results_io_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static v1::RunResult sample() {
    RunDescription run;
    run.scenario_name = "sample";
    run.scenario_description = "A question?";
    run.scenario_text = "name: \"sample\"";
    run.seed = 9;
    run.dates = {"2025-01", "2025-02"};
    run.events = {{"2025-02", "An event"}};
    run.per_replica = true;
    const std::vector<MetricDef> metrics = {{"m.share", "share", "A share", 0.0, 1.0}};
    const std::vector<ReplicaSeries> replicas = {{{0.1, 0.2}}, {{0.3, 0.4}}, {{0.5, 0.9}}};
    v1::RunResult result = summarize_run(run, metrics, replicas);
    result.mutable_provenance()->set_program_version("blocsim test");
    return result;
  }

  fs::path dir_;
};

TEST_F(ResultsIo, BinaryRoundTripIsEqual) {
  const v1::RunResult written = sample();
  write_results(dir_ / "r.pb", written);
  const v1::RunResult read = read_results(dir_ / "r.pb");
  EXPECT_EQ(results_without_provenance(read), results_without_provenance(written));
  EXPECT_EQ(read.provenance().program_version(), "blocsim test");
  EXPECT_FALSE(fs::exists(dir_ / ("r.pb.tmp." + std::to_string(::getpid()))));
}

TEST_F(ResultsIo, JsonIsWrittenForJsonNamesAndParsesBack) {
  const v1::RunResult written = sample();
  write_results(dir_ / "r.json", written);
  std::ifstream in(dir_ / "r.json");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"scenario_name\": \"sample\""), std::string::npos);
  v1::RunResult parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(text, &parsed).ok());
  EXPECT_EQ(results_without_provenance(parsed), results_without_provenance(written));
}

TEST_F(ResultsIo, TruncatedFileIsAClearError) {
  std::string bytes;
  sample().SerializeToString(&bytes);
  {
    std::ofstream out(dir_ / "cut.pb", std::ios::binary);
    out << bytes.substr(0, bytes.size() / 2);
  }
  try {
    read_results(dir_ / "cut.pb");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cut.pb"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos);
  }
}

// A file cut at a field boundary parses as protobuf; the missing provenance (written last) tells.
TEST_F(ResultsIo, AFileCutAtAFieldBoundaryIsRefused) {
  v1::RunResult whole = sample();
  std::string bytes;
  whole.SerializeToString(&bytes);
  v1::RunResult without = whole;
  without.clear_provenance();
  std::string cut;
  without.SerializeToString(&cut);
  ASSERT_EQ(bytes.compare(0, cut.size(), cut), 0) << "the provenance is not written last";
  std::ofstream(dir_ / "cut.pb", std::ios::binary) << cut;
  try {
    read_results(dir_ / "cut.pb");
    FAIL() << "a file without its provenance was read";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
  // So is a metric with another number of months than the run.
  whole.mutable_metrics(0)->mutable_steps()->RemoveLast();
  write_results(dir_ / "short.pb", whole);
  EXPECT_THROW(read_results(dir_ / "short.pb"), std::runtime_error);
}

TEST_F(ResultsIo, OnlyARegularFileIsOpened) {
  ASSERT_EQ(::mkfifo((dir_ / "pipe.pb").c_str(), 0600), 0);
  EXPECT_THROW(read_results(dir_ / "pipe.pb"), std::runtime_error);  // would block
  fs::create_symlink("/dev/zero", dir_ / "zero.pb");
  EXPECT_THROW(read_results(dir_ / "zero.pb"), std::runtime_error);  // would fill memory
  EXPECT_THROW(read_results(dir_), std::runtime_error);
}

TEST_F(ResultsIo, OtherSchemaVersionIsRejected) {
  v1::RunResult result = sample();
  result.set_schema_version(2);
  write_results(dir_ / "v2.pb", result);
  EXPECT_THROW(
      {
        try {
          read_results(dir_ / "v2.pb");
        } catch (const std::runtime_error& e) {
          EXPECT_NE(std::string(e.what()).find("schema version 2"), std::string::npos);
          throw;
        }
      },
      std::runtime_error);
}

TEST_F(ResultsIo, FailedWriteLeavesNoFile) {
  EXPECT_THROW(write_results(dir_ / "missing" / "r.pb", sample()), std::runtime_error);
  EXPECT_FALSE(fs::exists(dir_ / "missing"));
}

TEST_F(ResultsIo, SummaryHoldsTheQuantilesAndHistogram) {
  const v1::RunResult r = sample();
  ASSERT_EQ(r.metrics_size(), 1);
  const auto& step = r.metrics(0).steps(1);  // values 0.2, 0.4, 0.9
  EXPECT_DOUBLE_EQ(step.mean(), 0.5);
  EXPECT_DOUBLE_EQ(step.min(), 0.2);
  EXPECT_DOUBLE_EQ(step.max(), 0.9);
  ASSERT_EQ(step.quantiles_size(), 5);
  EXPECT_DOUBLE_EQ(step.quantiles(2).p(), 0.5);
  EXPECT_DOUBLE_EQ(step.quantiles(2).value(), 0.4);
  // Type 7 at p = 0.25: h = 0.5, between 0.2 and 0.4.
  EXPECT_DOUBLE_EQ(step.quantiles(1).value(), 0.3);
  std::uint64_t counted = 0;
  for (const auto c : r.metrics(0).final_histogram().counts()) counted += c;
  EXPECT_EQ(counted, 3u);
  ASSERT_EQ(r.metrics(0).replicas_size(), 3);
  EXPECT_DOUBLE_EQ(r.metrics(0).replicas(2).values(1), 0.9);
}

TEST_F(ResultsIo, NaNInASeriesIsRejectedWithItsCoordinates) {
  RunDescription run;
  run.dates = {"2025-01"};
  const std::vector<MetricDef> metrics = {{"m", "x", "m"}};
  const std::vector<ReplicaSeries> replicas = {{{1.0}}, {{std::nan("")}}};
  try {
    summarize_run(run, metrics, replicas);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "metric m is NaN at step 0 of replica 1");
  }
}

}  // namespace
}  // namespace blocsim
