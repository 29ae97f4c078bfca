// The Run page under the offscreen platform, running real scenarios through the engine.
#include "app/studio/runs/run_page.h"

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/studio/charts/time_chart.h"
#include "app/studio/runs/run_controller.h"
#include "app/studio/runs/threshold_model.h"
#include "tests/app/studio/qt_app.h"
#include "tests/app/studio/runs/small_scenario.h"
#include "tests/app/studio/studio_test_dir.h"

namespace shadowscale::studio {
namespace {

namespace fs = std::filesystem;

class RunPageTest : public StudioTestDir {
 protected:
  void SetUp() override {
    StudioTestDir::SetUp();
    qtApp();
  }

  // Starts the page's run and waits (on the event loop) for it to end; the exit status.
  int runToEnd(RunPage& page) {
    QSignalSpy finished(&page, &RunPage::runFinished);
    page.run();
    if (finished.isEmpty() && !finished.wait(120000)) {
      ADD_FAILURE() << "the run did not end";
      return -2;
    }
    return finished.first().first().toInt();
  }
};

TEST_F(RunPageTest, ARunWritesTheCliLayoutAndJudgesEveryThreshold) {
  RunPage page;
  page.resize(1200, 900);
  page.show();
  page.setScenarioPath(QString::fromStdString(write("small.textproto", smallScenarioText())));
  page.setOutputFolder(QString::fromStdString(path("out")));
  // The "fixed" setup's cost threshold (below 0.0001) is crossed: the CLI would exit 99.
  EXPECT_EQ(runToEnd(page), 99);
  EXPECT_EQ(page.lastExitStatus(), 99);
  EXPECT_TRUE(page.statusText().startsWith("exit status 99: 1 of 3 thresholds crossed"))
      << page.statusText().toStdString();
  for (const char* f : {"summary.json", "intervals.csv", "junit.xml", "report.html"}) {
    EXPECT_TRUE(fs::exists(dir_ / "out" / f)) << f;
  }
  EXPECT_FALSE(fs::exists(stagingFolderFor(QString::fromStdString(path("out"))).toStdString()));
  EXPECT_EQ(page.thresholds()->count(ThresholdModel::State::kWaiting), 0);
  EXPECT_EQ(page.thresholds()->count(ThresholdModel::State::kFail), 1);
  // Every row reached the charts: 2 setups x 120 one-minute intervals.
  EXPECT_EQ(page.controller()->table().rows, 240u);
  // Charts redraw one per event-loop turn, so the last rows may still be waiting to be drawn.
  EXPECT_TRUE(
      QTest::qWaitFor([&] { return page.charts()->demandChart()->pointsDrawn() > 0; }, 10000));
}

TEST_F(RunPageTest, ABrokenScenarioIsReportedWithItsLineAndThePageKeepsWorking) {
  RunPage page;
  page.setScenarioPath(QString::fromStdString(write("broken.textproto", "name: \"x\"\nseed: -\n")));
  page.setOutputFolder(QString::fromStdString(path("out")));
  EXPECT_EQ(runToEnd(page), 2);
  EXPECT_TRUE(page.statusText().contains("broken.textproto:2")) << page.statusText().toStdString();
  EXPECT_FALSE(fs::exists(dir_ / "out"));
  // The same page then runs a good scenario.
  page.setScenarioPath(QString::fromStdString(write("small.textproto", smallScenarioText())));
  EXPECT_EQ(runToEnd(page), 99);
}

TEST_F(RunPageTest, AMissingTraceFileIsBadInputNamingTheFileAndNothingIsWritten) {
  std::string text = smallScenarioText();
  const std::string synthetic =
      "synthetic { base_rate: \"80/s\" daily_amplitude: 0.3 noise: 0.05 }";
  text.replace(text.find(synthetic), synthetic.size(), "count_csv { path: \"no-such-trace.csv\" }");
  RunPage page;
  page.setScenarioPath(QString::fromStdString(write("trace.textproto", text)));
  page.setOutputFolder(QString::fromStdString(path("out")));
  EXPECT_EQ(runToEnd(page), 2);
  EXPECT_TRUE(page.statusText().contains("no-such-trace.csv")) << page.statusText().toStdString();
  EXPECT_FALSE(fs::exists(dir_ / "out"));
  EXPECT_FALSE(fs::exists(stagingFolderFor(QString::fromStdString(path("out"))).toStdString()));
}

TEST_F(RunPageTest, CancellingLeavesTheEarlierRunsFolderAsItWas) {
  RunPage page;
  page.setScenarioPath(QString::fromStdString(write("small.textproto", smallScenarioText())));
  page.setOutputFolder(QString::fromStdString(path("out")));
  ASSERT_EQ(runToEnd(page), 99);
  std::ifstream before_in(dir_ / "out" / "summary.json");
  std::stringstream before;
  before << before_in.rdbuf();
  // Cancel at once: every setup stops at its first interval.
  QSignalSpy finished(&page, &RunPage::runFinished);
  page.run();
  page.cancel();
  ASSERT_TRUE(finished.wait(120000));
  EXPECT_EQ(finished.first().first().toInt(), RunController::kCancelled);
  EXPECT_TRUE(page.statusText().startsWith("cancelled")) << page.statusText().toStdString();
  std::ifstream after_in(dir_ / "out" / "summary.json");
  std::stringstream after;
  after << after_in.rdbuf();
  EXPECT_EQ(before.str(), after.str());
  EXPECT_FALSE(fs::exists(stagingFolderFor(QString::fromStdString(path("out"))).toStdString()));
}

}  // namespace
}  // namespace shadowscale::studio
