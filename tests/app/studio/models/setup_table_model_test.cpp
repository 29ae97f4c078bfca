// The form's table of setups, checked by Qt's model tester without any widget.
#include <QAbstractItemModelTester>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include "app/studio/models/scenario_text.h"
#include "app/studio/models/setup_table_model.h"
#include "scenarios/scenario.pb.h"
#include "tests/app/studio/qt_app.h"

namespace shadowscale::studio {
namespace {

const char* const kSetups =
    "setup { name: \"hpa\" policy { hpa { max_replicas: 9 } } }\n"
    "setup { name: \"predictive\" shadow_pool: true mirror_fraction: 0.05\n"
    "  policy { predictive { forecaster { kind: \"holt-winters\" } } } }\n";

TEST(SetupTableModelTest, ShowsEachSetupUnderTheModelTester) {
  qtApp();
  SetupTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  model.setScenario(ScenarioText(kSetups).message());
  ASSERT_EQ(model.rowCount(), 2);
  EXPECT_EQ(model.data(model.index(1, SetupTableModel::kName)).toString(), "predictive");
  EXPECT_EQ(model.data(model.index(0, SetupTableModel::kShadowPool), Qt::CheckStateRole).toInt(),
            Qt::Unchecked);
  EXPECT_EQ(model.data(model.index(1, SetupTableModel::kShadowPool), Qt::CheckStateRole).toInt(),
            Qt::Checked);
  EXPECT_EQ(model.data(model.index(0, SetupTableModel::kMirrorFraction)).toString(), "0");
  EXPECT_EQ(model.data(model.index(1, SetupTableModel::kMirrorFraction)).toString(), "0.05");
  EXPECT_EQ(model.data(model.index(0, SetupTableModel::kPolicies)).toString(), "hpa on live");
  EXPECT_EQ(model.data(model.index(1, SetupTableModel::kPolicies)).toString(),
            "predictive (holt-winters) on shadow");
  model.setScenario(ScenarioText("").message());
  EXPECT_EQ(model.rowCount(), 0);
}

TEST(SetupTableModelTest, EditsAreAskedForAsTextChanges) {
  qtApp();
  SetupTableModel model;
  model.setScenario(ScenarioText(kSetups).message());
  QSignalSpy edits(&model, &SetupTableModel::editRequested);
  EXPECT_TRUE(model.setData(model.index(0, SetupTableModel::kName), "reactive"));
  EXPECT_TRUE(
      model.setData(model.index(0, SetupTableModel::kShadowPool), Qt::Checked, Qt::CheckStateRole));
  EXPECT_TRUE(model.setData(model.index(1, SetupTableModel::kShadowPool), Qt::Unchecked,
                            Qt::CheckStateRole));
  EXPECT_FALSE(model.setData(model.index(1, SetupTableModel::kPolicies), "x"));
  ASSERT_EQ(edits.size(), 3);
  EXPECT_EQ(edits[0][0].toString(), "setup[0].name");
  EXPECT_EQ(edits[0][1].toString(), "reactive");
  EXPECT_EQ(edits[1][0].toString(), "setup[0].shadow_pool");
  EXPECT_EQ(edits[1][1].toString(), "true");
  EXPECT_EQ(edits[2][1].toString(), "");  // unchecked: the field is left out
  // The table shows the text, not the request, until the text is parsed again.
  EXPECT_EQ(model.data(model.index(0, SetupTableModel::kName)).toString(), "hpa");
}

}  // namespace
}  // namespace shadowscale::studio
