// Compare runs' table of differences, without widgets.
#include "app/studio/runs/metric_diff_model.h"

#include <QAbstractItemModelTester>

#include <gtest/gtest.h>

#include <cmath>

#include "tests/app/studio/qt_app.h"

namespace shadowscale::studio {
namespace {

RunSummary summary(double p99, double cost, bool with_extra) {
  RunSummary s;
  RunSummary::Setup hpa;
  hpa.name = "hpa";
  hpa.metrics = {{"p99_ms", p99}, {"cost_total", cost}};
  if (with_extra) {
    hpa.metrics.emplace_back("mirrored", 10);
  }
  s.setups.push_back(hpa);
  return s;
}

TEST(MetricDiffModelTest, OneRowPerSetupAndMetricWithTheChangeFromFirstToLast) {
  qtApp();
  MetricDiffModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  model.setRuns({{"before", summary(200, 40, false)}, {"after", summary(150, 50, true)}});
  ASSERT_EQ(model.rowCount(), 3);
  ASSERT_EQ(model.columnCount(), 6);  // setup, metric, before, after, change, change %
  EXPECT_EQ(model.headerData(2, Qt::Horizontal).toString(), "before");
  EXPECT_EQ(model.headerData(3, Qt::Horizontal).toString(), "after");
  EXPECT_EQ(model.data(model.index(0, 1)).toString(), "p99_ms");
  EXPECT_EQ(model.data(model.index(0, 4)).toString(), "-50");
  EXPECT_EQ(model.data(model.index(0, 5)).toString(), "-25.0 %");
  EXPECT_EQ(model.data(model.index(1, 4)).toString(), "+10");
  EXPECT_EQ(model.data(model.index(1, 5)).toString(), "+25.0 %");
  // A metric only the later run has: no value, no change, for the first.
  EXPECT_EQ(model.data(model.index(2, 1)).toString(), "mirrored");
  EXPECT_TRUE(std::isnan(model.value(2, 0)));
  EXPECT_EQ(model.data(model.index(2, 2)).toString(), "–");
  EXPECT_EQ(model.data(model.index(2, 4)).toString(), "–");
  // One run: no change columns.
  model.setRuns({{"only", summary(1, 2, false)}});
  EXPECT_EQ(model.columnCount(), 3);
}

}  // namespace
}  // namespace shadowscale::studio
