// The count-series importer: counts become evenly spread arrivals, in UTC.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/calendar.h"
#include "core/input_error.h"
#include "replay/capture_reader.h"
#include "replay/import_counts.h"
#include "replay/import_pipeline.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

TimeNs utc(int y, int mo, int d, int h, int mi, int s) {
  return daysFromCivil(y, mo, d) * kDay + h * kHour + mi * kMinute + s * kSecond;
}

// A fresh folder per test, removed afterwards.
class ImportCountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("shadowscale-import-counts-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& text) {
    const std::string p = (dir_ / "counts.csv").string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  std::string out() const { return (dir_ / "out.capture").string(); }

  std::vector<TimeNs> arrivals(const std::string& text, ImportOptions options,
                               ImportResult* result = nullptr) {
    options.format = ImportFormat::kCounts;
    const ImportResult r = importCapture(write(text), out(), options);
    if (result != nullptr) {
      *result = r;
    }
    CaptureReader reader(out());
    std::vector<TimeNs> at;
    capture::CaptureRecord rec;
    while (reader.next(rec)) {
      at.push_back(reader.header().start_unix_ns() + rec.arrival_ns());
    }
    return at;
  }

  fs::path dir_;
};

TEST_F(ImportCountsTest, CountsAreSpreadEvenlyAcrossEachInterval) {
  const auto at = arrivals(
      "timestamp,count\n"
      "2024-03-01T00:00:00Z,2\n"
      "2024-03-01T00:01:00Z,0\n"
      "2024-03-01T00:02:00Z,4\n",
      {});
  const TimeNs t0 = utc(2024, 3, 1, 0, 0, 0);
  ASSERT_EQ(at.size(), 6u);
  EXPECT_EQ(at[0], t0 + 15 * kSecond);
  EXPECT_EQ(at[1], t0 + 45 * kSecond);
  const TimeNs t2 = t0 + 2 * kMinute;
  EXPECT_EQ(at[2], t2 + 7500 * kMillisecond);
  EXPECT_EQ(at[3], t2 + 22500 * kMillisecond);
  EXPECT_EQ(at[4], t2 + 37500 * kMillisecond);
  EXPECT_EQ(at[5], t2 + 52500 * kMillisecond);
}

TEST_F(ImportCountsTest, TheSameInputGivesTheSameArrivals) {
  const std::string csv = "1700000000,7\n1700000060,3\n1700000120,11\n";
  EXPECT_EQ(arrivals(csv, {}), arrivals(csv, {}));
}

TEST_F(ImportCountsTest, UtcOffsetAppliesToTimesWithoutAZone) {
  ImportOptions options;
  options.utc_offset = -4 * kHour;
  const auto at = arrivals("2024-03-01 08:00:00,1\n2024-03-01 08:00:10,1\n", options);
  ASSERT_EQ(at.size(), 2u);
  EXPECT_EQ(at[0], utc(2024, 3, 1, 12, 0, 5));
  EXPECT_EQ(at[1], utc(2024, 3, 1, 12, 0, 15));
}

TEST_F(ImportCountsTest, FractionalCountsCarrySoTotalsAreKept) {
  ImportResult result;
  const auto at = arrivals("0,0.5\n60,0.5\n120,0.5\n180,0.5\n", {}, &result);
  EXPECT_EQ(at.size(), 2u);
  EXPECT_EQ(result.records, 2u);
}

TEST_F(ImportCountsTest, GivenIntervalIsUsedAndGapsStayEmpty) {
  ImportOptions options;
  options.count_interval = 10 * kSecond;
  const auto at = arrivals("1000,1\n1600,1\n", options);
  ASSERT_EQ(at.size(), 2u);
  EXPECT_EQ(at[0], 1005 * kSecond);
  EXPECT_EQ(at[1], 1605 * kSecond);  // not smeared across the ten-minute gap
}

TEST_F(ImportCountsTest, BadRowsAreReportedSkippedAndBudgeted) {
  ImportOptions options;
  options.max_bad = 3;
  std::vector<ImportBadLine> bad;
  options.on_bad_line = [&](const ImportBadLine& b) { bad.push_back(b); };
  ImportResult result;
  const auto at = arrivals(
      "time,count\n"
      "# exported by prometheus\n"
      "1700000000,1\n"
      "1700000060,many\n"
      "1700000060,-1\n"
      "1700000000,1\n"
      "1700000120,1\n",
      options, &result);
  EXPECT_EQ(at.size(), 2u);
  EXPECT_EQ(result.bad_lines, 3u);
  ASSERT_EQ(bad.size(), 3u);
  EXPECT_EQ(bad[0].line, 4);
  EXPECT_NE(bad[0].reason.find("count"), std::string::npos);
  EXPECT_EQ(bad[1].line, 5);
  EXPECT_EQ(bad[2].line, 6);
  EXPECT_NE(bad[2].reason.find("not after the previous row"), std::string::npos);

  options.max_bad = 2;
  EXPECT_THROW(arrivals("1700000000,1\nx,y\n1,z\n2,q\n", options), InputError);
}

TEST_F(ImportCountsTest, ASingleRowNeedsAnInterval) {
  EXPECT_THROW(arrivals("1700000000,5\n", {}), InputError);
  EXPECT_FALSE(fs::exists(out()));
  ImportOptions options;
  options.count_interval = kMinute;
  EXPECT_EQ(arrivals("1700000000,5\n", options).size(), 5u);
}

TEST_F(ImportCountsTest, CustomTimeFormat) {
  ImportOptions options;
  options.count_time_format = "%d/%m/%Y %H:%M";
  const auto at = arrivals("01/03/2024 00:00,1\n01/03/2024 00:01,1\n", options);
  ASSERT_EQ(at.size(), 2u);
  EXPECT_EQ(at[0], utc(2024, 3, 1, 0, 0, 30));
}

}  // namespace
}  // namespace shadowscale
