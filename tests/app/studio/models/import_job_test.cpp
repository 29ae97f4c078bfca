// The Import page's job: the `shadowscale import` pipeline with detection, bad lines and Cancel.
#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app/studio/models/cancelled.h"
#include "app/studio/models/import_job.h"
#include "core/input_error.h"
#include "tests/app/studio/studio_test_dir.h"

namespace shadowscale::studio {
namespace {

using ImportJobTest = StudioTestDir;

TEST_F(ImportJobTest, DetectsTheFormatAndReportsBadLinesWithinTheBudget) {
  const std::string log = copyFromSource("docs/examples/shop-access.log", "shop.log");
  ImportRequest request{log, defaultCaptureOutput(log), std::nullopt, "", 1};
  std::vector<ImportBadLine> bad;
  ImportHooks hooks;
  hooks.on_bad_line = [&](const ImportBadLine& b) { bad.push_back(b); };
  std::atomic<bool> cancelled{false};
  const ImportOutcome outcome = runImport(request, hooks, cancelled);
  EXPECT_EQ(outcome.format, ImportFormat::kCombined);
  EXPECT_EQ(outcome.result.records, 300u);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].line, 151);
  EXPECT_EQ(listing(), "shop.capture shop.log");
}

TEST_F(ImportJobTest, OverTheBudgetWritesNothingAndNamesTheLine) {
  const std::string log = copyFromSource("docs/examples/shop-access.log", "shop.log");
  ImportRequest request{log, defaultCaptureOutput(log), std::nullopt, "", 0};
  std::atomic<bool> cancelled{false};
  try {
    runImport(request, {}, cancelled);
    FAIL() << "an import over its bad-line budget succeeded";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(log + ":151: ", 0), 0u) << e.what();
  }
  EXPECT_EQ(listing(), "shop.log");
}

TEST_F(ImportJobTest, CancelDuringTheImportWritesNothing) {
  const std::string log = copyFromSource("docs/examples/shop-access.log", "shop.log");
  ImportRequest request{log, path("out.capture"), ImportFormat::kCombined, "", 5};
  request.progress_every_bytes = 4096;  // the example log is 50 kB
  std::atomic<bool> cancelled{false};
  int reports = 0;
  ImportHooks hooks;
  // The user presses Cancel while the first progress report is shown.
  hooks.on_progress = [&](const ImportProgress&) {
    ++reports;
    cancelled = true;
  };
  EXPECT_THROW(runImport(request, hooks, cancelled), Cancelled);
  EXPECT_EQ(reports, 1);
  EXPECT_EQ(listing(), "shop.log");
}

TEST_F(ImportJobTest, NonLogFileIsRefusedBeforeAnythingIsWritten) {
  const std::string notes = write("notes.txt", "dear diary\n");
  ImportRequest request{notes, path("notes.capture"), std::nullopt, "", 1000};
  std::atomic<bool> cancelled{false};
  try {
    runImport(request, {}, cancelled);
    FAIL() << "a diary imported";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(notes + ":1: not an access log", 0), 0u) << e.what();
  }
  EXPECT_EQ(listing(), "notes.txt");
}

TEST(DefaultCaptureOutputTest, ReplacesTheExtension) {
  EXPECT_EQ(defaultCaptureOutput("/logs/access.log"), "/logs/access.capture");
  EXPECT_EQ(defaultCaptureOutput("/logs/access_log"), "/logs/access_log.capture");
}

}  // namespace
}  // namespace shadowscale::studio
