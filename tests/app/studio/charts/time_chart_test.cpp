// Time charts under the offscreen platform: thinning per pixel column, zoom and pan kept in
// step across a group, the hover read-out, saving.
#include "app/studio/charts/time_chart.h"

#include <QLineSeries>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "app/studio/charts/line_layer.h"
#include "report/csv_table.h"
#include "tests/app/studio/qt_app.h"
#include "tests/app/studio/studio_test_dir.h"

namespace shadowscale::studio {
namespace {

// 90 days of per-minute rows for two setups, with a one-minute burst in "b" at day 40.
IntervalTable longTable() {
  IntervalTableBuilder b({"setup", "time_s", "demand_rps"}, "test");
  for (const char* setup : {"a", "b"}) {
    for (int i = 0; i < 90 * 1440; ++i) {
      const bool burst = setup[0] == 'b' && i == 40 * 1440;
      b.add({setup, std::to_string(i * 60), std::to_string(burst ? 5000 : 100 + i % 50)}, i + 2);
    }
  }
  return b.take();
}

class TimeChartTest : public StudioTestDir {
 protected:
  void SetUp() override {
    StudioTestDir::SetUp();
    qtApp();
  }
};

TEST_F(TimeChartTest, EachLineIsThinnedToTwoPointsPerPixelColumnAndKeepsItsPeaks) {
  const IntervalTable table = longTable();
  TimeChart chart("Demand", "requests/s");
  chart.resize(900, 300);
  chart.addLine({"a", Qt::blue, Qt::SolidLine, 1.5, &table, "a", Quantity::kDemand});
  chart.addLine({"b", Qt::red, Qt::SolidLine, 1.5, &table, "b", Quantity::kDemand});
  chart.show();
  chart.refresh();
  // The plot's width, give or take the few pixels axis labels take once drawn.
  const int columns = static_cast<int>(chart.chart()->plotArea().width()) + 20;
  ASSERT_GT(columns, 100);
  EXPECT_LE(chart.pointsDrawn(), 2u * (2u * columns + 2));
  EXPECT_GT(chart.pointsDrawn(), 2u * columns);
  // The chart's line layer draws both lines; QtCharts' series only name them.
  EXPECT_EQ(chart.lineLayer()->lineCount(), 2);
  for (QAbstractSeries* s : chart.chart()->series()) {
    if (auto* line = qobject_cast<QLineSeries*>(s)) {
      EXPECT_EQ(line->count(), 0) << line->name().toStdString();
    }
  }
  // Without thinning every one of the 2 x 129,600 points is drawn.
  chart.setDecimation(false);
  chart.refresh();
  EXPECT_EQ(chart.pointsDrawn(), 2u * 90 * 1440);
  // The burst survives thinning: the hover read-out at its minute shows it.
  EXPECT_TRUE(chart.readoutAt(40 * 86400 + 30).contains("b: 5000"));
  EXPECT_TRUE(chart.readoutAt(40 * 86400 + 30).contains("a: 100"));
}

TEST_F(TimeChartTest, ZoomAndPanKeepEveryChartOfAGroupInStep) {
  const IntervalTable table = longTable();
  TimeChart one("one", "y"), two("two", "y");
  for (TimeChart* c : {&one, &two}) {
    c->resize(800, 300);
    c->addLine({"a", Qt::blue, Qt::SolidLine, 1.5, &table, "a", Quantity::kDemand});
    c->show();
  }
  ChartGroup group;
  group.add(&one);
  group.add(&two);
  EXPECT_FALSE(two.zoomed());
  // A zoom on one chart, by keyboard, as a planner would.
  one.setFocus();
  QKeyEvent plus(QEvent::KeyPress, Qt::Key_Plus, Qt::NoModifier, "+");
  QApplication::sendEvent(&one, &plus);
  ASSERT_TRUE(one.zoomed());
  EXPECT_TRUE(two.zoomed());
  EXPECT_EQ(one.visibleRange(), two.visibleRange());
  const auto [t0, t1] = one.visibleRange();
  EXPECT_NEAR(t1 - t0, table.xMax() / 2, 1);
  QKeyEvent right(QEvent::KeyPress, Qt::Key_Right, Qt::NoModifier);
  QApplication::sendEvent(&one, &right);
  EXPECT_GT(two.visibleRange().first, t0);
  EXPECT_EQ(one.visibleRange(), two.visibleRange());
  // Zoomed in, a line draws only what is visible, still thinned.
  EXPECT_LE(two.pointsDrawn(), 2u * static_cast<unsigned>(two.chart()->plotArea().width()) + 2);
  QKeyEvent home(QEvent::KeyPress, Qt::Key_Home, Qt::NoModifier);
  QApplication::sendEvent(&one, &home);
  EXPECT_FALSE(two.zoomed());
}

TEST_F(TimeChartTest, SavesAsPngAndSvgWithoutLeavingPartialFiles) {
  const IntervalTable table = longTable();
  TimeChart chart("Demand", "requests/s");
  chart.resize(600, 300);
  chart.addLine({"a", Qt::blue, Qt::SolidLine, 1.5, &table, "a", Quantity::kDemand});
  chart.setRule(150, "SLO");
  chart.setShade(0, 86400, "warm-up");
  chart.show();
  chart.refresh();
  ASSERT_TRUE(chart.save(QString::fromStdString(path("chart.png"))));
  ASSERT_TRUE(chart.save(QString::fromStdString(path("chart.svg"))));
  std::ifstream png(path("chart.png"), std::ios::binary);
  char magic[4] = {};
  png.read(magic, 4);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
  std::ifstream svg(path("chart.svg"));
  std::string text((std::istreambuf_iterator<char>(svg)), {});
  EXPECT_NE(text.find("<svg"), std::string::npos);
  // The data line is one polyline in the SVG (drawn by the chart's line layer).
  EXPECT_NE(text.find("<polyline"), std::string::npos);
  QString error;
  EXPECT_FALSE(chart.save(QString::fromStdString(path("no/such/folder/chart.png")), &error));
  EXPECT_TRUE(error.contains("no/such/folder/chart.png")) << error.toStdString();
}

}  // namespace
}  // namespace shadowscale::studio
