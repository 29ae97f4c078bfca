// Counting a capture's requests per bucket, for forecasting from recorded traffic.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "core/input_error.h"
#include "replay/capture_counts.h"
#include "replay/import_pipeline.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

class CaptureCountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("shadowscale-capture-counts-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Imports a count series (one row a minute) into a capture and returns its path.
  std::string captureOf(const std::string& csv) {
    const std::string in = (dir_ / "counts.csv").string();
    std::ofstream(in) << csv;
    ImportOptions options;
    options.format = ImportFormat::kCounts;
    const std::string out = (dir_ / "counts.capture").string();
    importCapture(in, out, options);
    return out;
  }

  fs::path dir_;
};

TEST_F(CaptureCountsTest, SumsArrivalsIntoBucketsWithSilentBucketsAtZero) {
  std::string csv = "time,count\n";
  for (int minute = 2; minute < 10; ++minute) {
    csv += "2024-03-14 08:0" + std::to_string(minute) + ":00,3\n";
  }
  csv += "2024-03-14 08:20:00,7\n2024-03-14 08:21:00,0\n";
  const CaptureCounts c = countCaptureArrivals(captureOf(csv), 5 * kMinute);
  EXPECT_EQ(c.records, 31u);
  EXPECT_EQ(c.bucket, 5 * kMinute);
  EXPECT_EQ(c.first_bucket_unix_ns % (5 * kMinute), 0);
  // 08:00-08:05 holds minutes 2..4, 08:05-08:10 minutes 5..9, then two silent buckets.
  ASSERT_EQ(c.counts.size(), 5u);
  EXPECT_EQ(c.counts[0], 9);
  EXPECT_EQ(c.counts[1], 15);
  EXPECT_EQ(c.counts[2], 0);
  EXPECT_EQ(c.counts[3], 0);
  EXPECT_EQ(c.counts[4], 7);
}

TEST_F(CaptureCountsTest, NotACaptureIsRefusedNamingTheFile) {
  const std::string p = (dir_ / "notes.capture").string();
  std::ofstream(p) << "dear diary\n";
  try {
    countCaptureArrivals(p, 5 * kMinute);
    FAIL() << "a diary counted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(p, 0), 0u) << e.what();
  }
}

}  // namespace
}  // namespace shadowscale
