// The set of run charts under the offscreen platform: one legend for every time chart, redraws
// spread over the event loop one chart per turn, and none while the charts are hidden.
#include "app/studio/charts/run_charts.h"

#include <QCoreApplication>
#include <QLabel>

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "app/studio/charts/time_chart.h"
#include "tests/app/studio/qt_app.h"

namespace shadowscale::studio {
namespace {

// Rows of two setups over `minutes` minutes, as a run streams them.
IntervalTable twoSetups(int minutes) {
  IntervalTableBuilder builder({"setup", "time_s", "time_utc", "demand_rps", "live_ready",
                                "live_starting", "p50_ms", "p99_ms", "error_rate", "cost_live"},
                               "intervals.csv");
  int line = 1;
  for (const char* setup : {"hpa", "predictive"}) {
    for (int m = 0; m < minutes; ++m) {
      char row[200];
      std::snprintf(row, sizeof row, "%s,%d,2026-03-02T%02d:%02d:00Z,%d,2,0,20,80,0,0.5", setup,
                    m * 60, m / 60, m % 60, 100 + m % 17);
      builder.addLine(row, ++line);
    }
  }
  return builder.take();
}

// Turns the event loop until the charts have redrawn all they were asked to; the turns taken.
int turnsToSettle(const RunCharts& charts) {
  int turns = 0;
  while (charts.refreshing() && turns < 1000) {
    QCoreApplication::processEvents();
    ++turns;
  }
  return turns;
}

TEST(RunChartsTest, OneLegendNamesEverySetupInItsColour) {
  qtApp();
  const IntervalTable table = twoSetups(30);
  RunCharts charts;
  charts.setRuns({{"", &table, {}, 120, 300.0, 0.99}});
  const QString legend = charts.findChild<QLabel*>()->text();
  EXPECT_TRUE(legend.contains("hpa")) << legend.toStdString();
  EXPECT_TRUE(legend.contains("predictive")) << legend.toStdString();
  EXPECT_TRUE(legend.contains("warm-up")) << legend.toStdString();
  for (TimeChart* c : charts.group()->charts()) {
    EXPECT_FALSE(c->chart()->legend()->isVisible()) << c->chart()->title().toStdString();
  }
  // setRuns draws at once: an opened run folder shows whole.
  EXPECT_FALSE(charts.refreshing());
  EXPECT_GT(charts.demandChart()->pointsDrawn(), 0u);
}

TEST(RunChartsTest, RowsAsTheyArriveAreDrawnOneChartPerTurnAndNotWhileHidden) {
  qtApp();
  IntervalTable table = twoSetups(10);
  RunCharts charts;
  charts.resize(1200, 1000);
  charts.show();
  charts.setRuns({{"", &table, {}, 0, 300.0, 0.99}});
  const std::size_t before = charts.demandChart()->pointsDrawn();
  table = twoSetups(60);  // more rows arrived
  charts.refresh();
  EXPECT_TRUE(charts.refreshing());
  EXPECT_EQ(charts.demandChart()->pointsDrawn(), before);  // nothing drawn yet
  EXPECT_EQ(turnsToSettle(charts), 5);                     // five time charts, one per turn
  EXPECT_GT(charts.demandChart()->pointsDrawn(), before);

  charts.hide();
  const std::size_t shown = charts.demandChart()->pointsDrawn();
  table = twoSetups(120);
  charts.refresh();
  EXPECT_FALSE(charts.refreshing());  // hidden: nothing to do until shown
  charts.show();
  turnsToSettle(charts);
  EXPECT_GT(charts.demandChart()->pointsDrawn(), shown);
}

}  // namespace
}  // namespace shadowscale::studio
