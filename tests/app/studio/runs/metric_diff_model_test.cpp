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
  // A metric only the later run has: no value, no change, and first (it differs the most).
  EXPECT_EQ(model.data(model.index(0, 1)).toString(), "mirrored");
  EXPECT_TRUE(std::isnan(model.value(0, 0)));
  EXPECT_EQ(model.data(model.index(0, 2)).toString(), "–");
  EXPECT_EQ(model.data(model.index(0, 4)).toString(), "–");
  // Two changes of 25 % each: the first run's order between them.
  EXPECT_EQ(model.data(model.index(1, 1)).toString(), "p99_ms");
  EXPECT_EQ(model.data(model.index(1, 4)).toString(), "-50");
  EXPECT_EQ(model.data(model.index(1, 5)).toString(), "-25.0 %");
  EXPECT_EQ(model.data(model.index(2, 4)).toString(), "+10");
  EXPECT_EQ(model.data(model.index(2, 5)).toString(), "+25.0 %");
  // One run: no change columns, every metric listed.
  model.setRuns({{"only", summary(1, 2, false)}});
  EXPECT_EQ(model.columnCount(), 3);
  EXPECT_EQ(model.rowCount(), 2);
  EXPECT_EQ(model.unchangedCount(), 0);
}

// Three runs of two setups: rows by the largest relative difference from the first run, the
// metrics alike in every run collapsed, and listed last when asked for.
TEST(MetricDiffModelTest, RowsAreSortedByRelativeDifferenceWithUnchangedOnesApart) {
  qtApp();
  auto run = [](double p99, double cost, double errors) {
    RunSummary s;
    RunSummary::Setup hpa;
    hpa.name = "hpa";
    hpa.metrics = {{"requests", 1000}, {"p99_ms", p99}, {"cost_total", cost}};
    RunSummary::Setup predictive;
    predictive.name = "predictive";
    predictive.metrics = {{"requests", 1000}, {"errors", errors}, {"cost_total", 7}};
    s.setups = {hpa, predictive};
    return s;
  };
  MetricDiffModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  // hpa p99: 100 -> 90 -> 130 (30 % at most); hpa cost: 50 -> 51 -> 50 (2 %, then back: still
  // changed); predictive errors: 0 -> 3 (from nothing: the most); the rest alike.
  model.setRuns({{"a", run(100, 50, 0)}, {"b", run(90, 51, 0)}, {"c", run(130, 50, 3)}});
  ASSERT_EQ(model.rowCount(), 3);
  EXPECT_EQ(model.unchangedCount(), 3);
  auto name = [&](int row) {
    return (model.data(model.index(row, 0)).toString() + " " +
            model.data(model.index(row, 1)).toString())
        .toStdString();
  };
  EXPECT_EQ(name(0), "predictive errors");
  EXPECT_EQ(name(1), "hpa p99_ms");
  EXPECT_EQ(name(2), "hpa cost_total");
  EXPECT_EQ(model.data(model.index(2, 5)).toString(), "0");  // first to last: no change
  EXPECT_FALSE(model.unchanged(2));
  // Expanded: the unchanged ones follow, in the first run's order, greyed.
  model.setShowUnchanged(true);
  ASSERT_EQ(model.rowCount(), 6);
  EXPECT_EQ(name(3), "hpa requests");
  EXPECT_EQ(name(4), "predictive requests");
  EXPECT_EQ(name(5), "predictive cost_total");
  EXPECT_TRUE(model.unchanged(3));
  EXPECT_TRUE(model.data(model.index(3, 2), Qt::ForegroundRole).isValid());
  EXPECT_FALSE(model.data(model.index(0, 2), Qt::ForegroundRole).isValid());
  model.setShowUnchanged(false);
  EXPECT_EQ(model.rowCount(), 3);
  // Every run alike: nothing changed, everything collapsed.
  model.setRuns({{"a", run(100, 50, 0)}, {"b", run(100, 50, 0)}});
  EXPECT_EQ(model.rowCount(), 0);
  EXPECT_EQ(model.unchangedCount(), 6);
}

}  // namespace
}  // namespace shadowscale::studio
