// Compare runs under the offscreen platform: real run folders side by side.
#include "app/studio/runs/compare_page.h"

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
  ASSERT_GE(diff->rowCount(), 3);
  EXPECT_EQ(diff->headerData(2, Qt::Horizontal).toString(), "before");
  EXPECT_EQ(diff->headerData(3, Qt::Horizontal).toString(), "after");
  EXPECT_EQ(diff->data(diff->index(0, 4)).toString(), "-50");
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

}  // namespace
}  // namespace shadowscale::studio
