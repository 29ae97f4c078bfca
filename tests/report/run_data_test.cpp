#include "report/run_data.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/input_error.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

// A fresh folder per test, removed afterwards.
class RunDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("shadowscale-rundata-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  fs::path dir_;
};

const char* kHeader =
    "setup,time_s,time_utc,demand_rps,live_ready,live_starting,live_provisioning,shadow_ready,"
    "shadow_starting,cost_live,cost_shadow,forecast_p50_rps\n";

std::string rows() {
  return std::string(kHeader) +
         "hpa,0,2026-03-02T00:00:00Z,100,2,1,0,0,0,0.5,0,\n"
         "hpa,60,2026-03-02T00:01:00Z,110,3,0,1,0,0,0.5,0,\n"
         "pred,0,2026-03-02T00:00:00Z,100,2,0,0,1,2,0.5,0.25,90\n"
         "pred,60,2026-03-02T00:01:00Z,110,2,0,0,2,0,0.5,0.25,\n";
}

TEST_F(RunDataTest, ReadsEachSetupsQuantitiesColumnByColumn) {
  const IntervalTable t = readIntervals(write("intervals.csv", rows()));
  ASSERT_EQ(t.setups.size(), 2u);
  EXPECT_EQ(t.rows, 4u);
  EXPECT_EQ(t.step, 60);
  EXPECT_EQ(t.xMax(), 120);
  ASSERT_TRUE(t.epoch_unix_s.has_value());
  EXPECT_EQ(*t.epoch_unix_s, 1772409600);  // 2026-03-02T00:00:00Z
  const SetupSeries& pred = *t.find("pred");
  EXPECT_EQ(pred[Quantity::kReady], (std::vector<double>{3, 4}));     // live + shadow
  EXPECT_EQ(pred[Quantity::kStarting], (std::vector<double>{2, 0}));  // starting + provisioning
  EXPECT_EQ(pred[Quantity::kCostCumulative], (std::vector<double>{0.75, 1.5}));
  EXPECT_TRUE(pred.shadow_active);
  EXPECT_TRUE(pred.has_forecast);
  const SetupSeries& hpa = *t.find("hpa");
  EXPECT_EQ(hpa[Quantity::kStarting], (std::vector<double>{1, 1}));
  EXPECT_FALSE(hpa.shadow_active);
  EXPECT_FALSE(hpa.has_forecast);
  EXPECT_TRUE(std::isnan(hpa[Quantity::kForecastP50][0]));
  EXPECT_FALSE(t.has(Quantity::kP99));
  EXPECT_TRUE(std::isnan(hpa[Quantity::kP99][0]));
}

TEST_F(RunDataTest, RowsStreamedFromARunGiveTheSameTableAsTheFile) {
  const IntervalTable from_file = readIntervals(write("intervals.csv", rows()));
  std::vector<std::string> header;
  std::string h = kHeader;
  h.pop_back();
  std::size_t start = 0;
  for (std::size_t comma = h.find(',');; comma = h.find(',', start)) {
    header.push_back(h.substr(start, comma - start));
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  IntervalTableBuilder b(header, "stream");
  // Interleaved, as setups running in parallel send them.
  const std::string text = rows();
  std::vector<std::string> lines;
  for (std::size_t at = text.find('\n') + 1; at < text.size(); at = text.find('\n', at) + 1) {
    lines.push_back(text.substr(at, text.find('\n', at) - at));
  }
  b.addLine(lines[0], 2);
  b.addLine(lines[2], 3);
  b.addLine(lines[1] + "\n", 4);
  b.addLine(lines[3], 5);
  const IntervalTable& t = b.table();
  ASSERT_EQ(t.setups.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const SetupSeries& a = *from_file.find(t.setups[i].name);
    EXPECT_EQ(a.time_s, t.setups[i].time_s);
    EXPECT_EQ(a[Quantity::kCostCumulative], t.setups[i][Quantity::kCostCumulative]);
    EXPECT_EQ(a[Quantity::kDemand], t.setups[i][Quantity::kDemand]);
  }
  EXPECT_THROW(b.addLine("pred,60,,1,1,1,1,1,1,1,1,1", 6), InputError);  // time must rise
}

TEST_F(RunDataTest, AFolderWithoutSummaryLoadsWithANote) {
  write("intervals.csv", rows());
  const RunData run = loadRunFolder(dir_.string());
  EXPECT_FALSE(run.summary.has_value());
  EXPECT_FALSE(run.scenario.has_value());
  ASSERT_EQ(run.notes.size(), 1u);
  EXPECT_NE(run.notes[0].find("summary.json is missing"), std::string::npos);
  EXPECT_EQ(run.durationS(), 120);
  EXPECT_EQ(run.setupNames(), (std::vector<std::string>{"hpa", "pred"}));
}

TEST_F(RunDataTest, TheSummaryNamesTheScenarioAndItsSlo) {
  write("intervals.csv", rows());
  const std::string scenario = std::string(SHADOWSCALE_SOURCE_DIR) + "/scenarios/default.textproto";
  write("summary.json",
        R"({"scenario_file": ")" + scenario +
            R"(", "warmup_s": 3600, "setups": [{"name": "hpa"}, {"name": "pred"}]})");
  const RunData run = loadRunFolder(dir_.string());
  ASSERT_TRUE(run.scenario.has_value());
  EXPECT_TRUE(run.notes.empty());
  EXPECT_EQ(run.warmupS(), 3600);
  // summary.json has no "slo" here: the scenario's own is used.
  ASSERT_TRUE(run.sloLatencyMs().has_value());
  EXPECT_EQ(*run.sloLatencyMs(), toMillis(run.scenario->slo.latency_target));
  EXPECT_EQ(run.setupNames(), (std::vector<std::string>{"hpa", "pred"}));
}

TEST_F(RunDataTest, AnUnreadableScenarioIsANoteNotAnError) {
  write("intervals.csv", rows());
  write("summary.json", R"({"scenario_file": "/no/such/scenario.textproto"})");
  const RunData run = loadRunFolder(dir_.string());
  EXPECT_FALSE(run.scenario.has_value());
  ASSERT_EQ(run.notes.size(), 1u);
  EXPECT_NE(run.notes[0].find("/no/such/scenario.textproto"), std::string::npos);
}

TEST_F(RunDataTest, BadFoldersAreInputErrorsNamingThePath) {
  try {
    loadRunFolder((dir_ / "absent").string());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("absent: not a folder"), std::string::npos);
  }
  try {
    loadRunFolder(dir_.string());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("intervals.csv: missing"), std::string::npos);
  }
}

}  // namespace
}  // namespace shadowscale
