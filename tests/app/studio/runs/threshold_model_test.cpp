// The thresholds table without widgets: rows wait until their setup's result is known, then
// show PASS or FAIL exactly as the engine judges them.
#include "app/studio/runs/threshold_model.h"

#include <QAbstractItemModelTester>

#include <gtest/gtest.h>

#include "scenarios/scenario_loader.h"
#include "tests/app/studio/qt_app.h"
#include "tests/app/studio/runs/small_scenario.h"

namespace shadowscale::studio {
namespace {

SetupResult result(const std::string& name, double error_rate, double cost) {
  SetupResult r;
  r.name = name;
  r.set("error_rate", error_rate);
  r.set("cost_total", cost);
  return r;
}

TEST(ThresholdModelTest, RowsWaitThenPassOrFailAsEachSetupEnds) {
  qtApp();
  ThresholdModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  model.reset(parseScenarioText(smallScenarioText(), "small.textproto", ""));
  // error_rate applies to both setups, cost_total only to "fixed".
  ASSERT_EQ(model.rowCount(), 3);
  EXPECT_EQ(model.count(ThresholdModel::State::kWaiting), 3);
  EXPECT_EQ(model.data(model.index(0, ThresholdModel::kResult)).toString(), "waiting");
  EXPECT_FALSE(model.data(model.index(0, ThresholdModel::kActual)).isValid());

  model.setResult(result("fixed", 0.01, 2.5));
  EXPECT_EQ(model.count(ThresholdModel::State::kWaiting), 1);
  EXPECT_EQ(model.count(ThresholdModel::State::kPass), 1);
  EXPECT_EQ(model.count(ThresholdModel::State::kFail), 1);
  for (int row = 0; row < model.rowCount(); ++row) {
    const QString setup = model.data(model.index(row, ThresholdModel::kSetup)).toString();
    const QString text = model.data(model.index(row, ThresholdModel::kThreshold)).toString();
    const QString verdict = model.data(model.index(row, ThresholdModel::kResult)).toString();
    if (setup == "hpa") {
      EXPECT_EQ(verdict, "waiting");
    } else if (text.startsWith("cost_total")) {
      EXPECT_EQ(verdict, "FAIL");
      EXPECT_EQ(model.data(model.index(row, ThresholdModel::kActual)).toDouble(), 2.5);
    } else {
      EXPECT_EQ(verdict, "PASS");
    }
  }
  model.setResult(result("hpa", 0.9, 1));
  EXPECT_EQ(model.count(ThresholdModel::State::kWaiting), 0);
  EXPECT_EQ(model.count(ThresholdModel::State::kFail), 2);
  EXPECT_EQ(model.headerData(ThresholdModel::kThreshold, Qt::Horizontal).toString(), "threshold");
}

}  // namespace
}  // namespace shadowscale::studio
