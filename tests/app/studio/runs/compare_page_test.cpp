// Compare runs under the offscreen platform: real run folders side by side.
#include "app/studio/runs/compare_page.h"

#include <QCheckBox>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "app/studio/charts/run_charts.h"
#include "app/studio/charts/time_chart.h"
#include "app/studio/runs/metric_diff_model.h"
#include "tests/app/studio/qt_app.h"
#include "tests/app/studio/studio_test_dir.h"

namespace shadowscale::studio {
namespace {

// A run folder with two setups over ten minutes; `scale` changes every value.
std::string runFolderText(double scale) {
  std::string csv =
      "setup,time_s,time_utc,demand_rps,live_ready,live_starting,p50_ms,p99_ms,error_rate,"
      "cost_live\n";
  for (const char* setup : {"hpa", "predictive"}) {
    for (int m = 0; m < 10; ++m) {
      char row[200];
      std::snprintf(row, sizeof row, "%s,%d,2026-03-02T00:%02d:00Z,%g,%d,0,%g,%g,0,%g\n", setup,
                    m * 60, m, 100.0 + m, 2, 20 * scale, 80 * scale, 0.5 * scale);
      csv += row;
    }
  }
  return csv;
}

std::string summaryText(double p99, double cost) {
  return R"({"scenario": "s", "seed": 1, "duration_s": 600, "interval_s": 60, "warmup_s": 120,
  "setups": [{"name": "hpa", "metrics": {"p99_ms": )" +
         std::to_string(p99) + R"(, "cost_total": )" + std::to_string(cost) +
         R"(, "slo_violation_minutes": 3}}, {"name": "predictive", "metrics": {"p99_ms": 70,
  "cost_total": 4, "slo_violation_minutes": 0}}]})";
}

class ComparePageTest : public StudioTestDir {
 protected:
  void SetUp() override {
    StudioTestDir::SetUp();
    qtApp();
  }
  std::string makeRun(const std::string& name, double scale, const std::string& summary) {
    std::filesystem::create_directories(dir_ / name);
    write(name + "/intervals.csv", runFolderText(scale));
    write(name + "/summary.json", summary);
    return path(name);
  }
};

TEST_F(ComparePageTest, TwoRunsAreOverlaidWithATableOfDifferences) {
  ComparePage page;
  page.resize(1200, 900);
  page.show();
  ASSERT_TRUE(page.addRun(QString::fromStdString(makeRun("before", 1, summaryText(200, 5)))));
  ASSERT_TRUE(page.addRun(QString::fromStdString(makeRun("after", 2, summaryText(150, 6)))));
  EXPECT_EQ(page.runCount(), 2);
  MetricDiffModel* diff = page.diffModel();
  EXPECT_EQ(diff->headerData(2, Qt::Horizontal).toString(), "before");
  EXPECT_EQ(diff->headerData(3, Qt::Horizontal).toString(), "after");
  // hpa's p99 (-25 %) and cost (+20 %) differ; its SLO minutes and every predictive metric
  // are alike, collapsed under the switch.
  ASSERT_EQ(diff->rowCount(), 2);
  EXPECT_EQ(diff->data(diff->index(0, 1)).toString(), "p99_ms");
  EXPECT_EQ(diff->data(diff->index(0, 4)).toString(), "-50");
  EXPECT_EQ(diff->data(diff->index(1, 1)).toString(), "cost_total");
  QCheckBox* unchanged = page.unchangedSwitch();
  EXPECT_EQ(unchanged->text(), "Show the 4 metrics that are the same in every run");
  unchanged->setChecked(true);
  EXPECT_EQ(diff->rowCount(), 6);
  EXPECT_EQ(diff->data(diff->index(2, 1)).toString(), "slo_violation_minutes");
  // Both runs' lines are on the charts, each setup in both.
  const QString readout = page.charts()->demandChart()->readoutAt(300);
  EXPECT_TRUE(readout.contains("before: demand")) << readout.toStdString();
  EXPECT_TRUE(readout.contains("after: demand")) << readout.toStdString();
}

TEST_F(ComparePageTest, ATruncatedRunIsReportedWithFileAndLineAndTheOthersStay) {
  ComparePage page;
  ASSERT_TRUE(page.addRun(QString::fromStdString(makeRun("good", 1, summaryText(200, 5)))));
  const std::string bad = makeRun("bad", 1, summaryText(200, 5));
  const std::string csv = runFolderText(1);
  write("bad/intervals.csv", csv.substr(0, csv.size() - 4));  // cut off mid-row
  QString error;
  EXPECT_FALSE(page.addRun(QString::fromStdString(bad), &error));
  EXPECT_TRUE(error.contains("bad/intervals.csv:21: the file ends in the middle of this row"))
      << error.toStdString();
  EXPECT_EQ(page.statusText(), error);
  EXPECT_EQ(page.runCount(), 1);
  EXPECT_FALSE(page.addRun(QString::fromStdString(path("absent")), &error));
  EXPECT_TRUE(error.contains("absent: not a folder")) << error.toStdString();
  EXPECT_EQ(page.runCount(), 1);
}

// Folders opened as a planner opens them (picked or dropped) are read on a worker thread: the
// page says what it reads, adds the runs in the order asked for, and reports a bad one.
TEST_F(ComparePageTest, FoldersAreReadBesideTheWindowInTheOrderOpened) {
  ComparePage page;
  page.resize(1200, 900);
  page.show();
  const std::string bad = makeRun("bad", 1, summaryText(200, 5));
  write("bad/intervals.csv", "setup,time_s\nhpa,ten\n");
  page.openRun(QString::fromStdString(makeRun("first", 1, summaryText(200, 5))));
  page.openRun(QString::fromStdString(bad));
  page.openRun(QString::fromStdString(makeRun("second", 2, summaryText(150, 6))));
  EXPECT_TRUE(page.loading());
  EXPECT_TRUE(page.statusText().startsWith("reading ")) << page.statusText().toStdString();
  QSignalSpy opened(&page, &ComparePage::runOpened);
  ASSERT_TRUE(QTest::qWaitFor([&] { return !page.loading(); }, 60000));
  ASSERT_EQ(opened.count(), 2);
  EXPECT_TRUE(opened.at(0).at(0).toString().endsWith("first"));
  EXPECT_TRUE(opened.at(1).at(0).toString().endsWith("second"));
  EXPECT_EQ(page.runCount(), 2);
  EXPECT_EQ(page.diffModel()->headerData(2, Qt::Horizontal).toString(), "first");
  EXPECT_EQ(page.diffModel()->headerData(3, Qt::Horizontal).toString(), "second");
  // The bad folder is named with its file, line and field after the runs that opened.
  EXPECT_TRUE(page.statusText().startsWith("2 run(s) open. ")) << page.statusText().toStdString();
  EXPECT_TRUE(
      page.statusText().contains("bad/intervals.csv:2: time_s: expected a number, got 'ten'"))
      << page.statusText().toStdString();
}

}  // namespace
}  // namespace shadowscale::studio
