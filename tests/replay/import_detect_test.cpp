// Guessing an input's import format from its first lines, and refusing files that are no log.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "core/input_error.h"
#include "replay/import_detect.h"
#include "replay/import_gor.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

// A fresh folder per test, removed afterwards.
class ImportDetectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("shadowscale-import-detect-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const std::string p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  // The InputError message detection gives, or "" when it detects a format.
  std::string refusal(const std::string& path) {
    try {
      detectImportFormat(path);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }

  fs::path dir_;
};

TEST_F(ImportDetectTest, CombinedLogLines) {
  const std::string p =
      write("access.log",
            "203.0.113.9 - - [14/Mar/2024:09:00:01 +0100] \"GET /api/products/7 HTTP/1.1\" 200 512 "
            "\"-\" \"curl/8.0\"\n");
  EXPECT_EQ(detectImportFormat(p), ImportFormat::kCombined);
}

TEST_F(ImportDetectTest, CommonLogLines) {
  const std::string p = write("access_log",
                              "\n199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] \"GET /history/ "
                              "HTTP/1.0\" 200 6245\n");
  EXPECT_EQ(detectImportFormat(p), ImportFormat::kClf);
}

TEST_F(ImportDetectTest, GoReplayFile) {
  const std::string p =
      write("requests.gor", "1 8e0a1b2c 1710403201000000000\nGET / HTTP/1.1\r\nHost: shop\r\n\r\n" +
                                std::string(kGorSeparator));
  EXPECT_EQ(detectImportFormat(p), ImportFormat::kGor);
}

TEST_F(ImportDetectTest, CountSeriesWithAndWithoutHeader) {
  EXPECT_EQ(detectImportFormat(write("a.csv", "time,count\n2024-03-14 08:00:00,12\n")),
            ImportFormat::kCounts);
  EXPECT_EQ(detectImportFormat(write("b.csv", "2024-03-14 08:00:00,12\n2024-03-14 08:01:00,9\n")),
            ImportFormat::kCounts);
}

TEST_F(ImportDetectTest, NonLogFileIsRefusedNamingFileAndLine) {
  const std::string p = write("notes.txt", "# shopping list\nmilk and eggs\n");
  const std::string message = refusal(p);
  EXPECT_EQ(message.rfind(p + ":2: not an access log", 0), 0u) << message;
  // A first line with a comma may be a count series' header; the line after it decides.
  const std::string q = write("list.txt", "milk, eggs\nbread\n");
  EXPECT_EQ(refusal(q).rfind(q + ":2: not an access log", 0), 0u) << refusal(q);
}

TEST_F(ImportDetectTest, EmptyAndMissingFilesAreRefused) {
  const std::string empty = write("empty.log", "");
  EXPECT_EQ(refusal(empty), empty + ": holds no line to import");
  const std::string missing = (dir_ / "missing.log").string();
  EXPECT_NE(refusal(missing).find(missing), std::string::npos);
}

TEST_F(ImportDetectTest, HeaderWithoutRowsIsRefused) {
  const std::string p = write("header.csv", "time,count\n");
  EXPECT_EQ(refusal(p).rfind(p + ":1: not an access log", 0), 0u) << refusal(p);
}

}  // namespace
}  // namespace shadowscale
