// The bad-line report model, checked by Qt's model tester without any widget.
#include <QAbstractItemModelTester>

#include <gtest/gtest.h>

#include "app/studio/models/bad_line_model.h"
#include "tests/app/studio/qt_app.h"

namespace shadowscale::studio {
namespace {

TEST(BadLineModelTest, RowsAppendAndClearUnderTheModelTester) {
  qtApp();
  BadLineModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  model.append({151, "$time_local: the line ends early"});
  model.append({9000000000LL, "$status: not a number"});
  ASSERT_EQ(model.rowCount(), 2);
  EXPECT_EQ(model.data(model.index(0, BadLineModel::kLine)).toLongLong(), 151);
  EXPECT_EQ(model.data(model.index(1, BadLineModel::kLine)).toLongLong(), 9000000000LL);
  EXPECT_EQ(model.data(model.index(1, BadLineModel::kReason)).toString(),
            QString("$status: not a number"));
  EXPECT_FALSE(model.data(model.index(2, 0)).isValid());
  model.clear();
  EXPECT_EQ(model.rowCount(), 0);
}

}  // namespace
}  // namespace shadowscale::studio
