// The Forecast lab's metrics table, checked by Qt's model tester without any widget.
#include <QAbstractItemModelTester>
#include <QFont>

#include <atomic>

#include <gtest/gtest.h>

#include "app/studio/models/backtest_table_model.h"
#include "app/studio/models/forecast_lab.h"
#include "tests/app/studio/forecast_data.h"
#include "tests/app/studio/qt_app.h"
#include "tests/app/studio/studio_test_dir.h"

namespace shadowscale::studio {
namespace {

using BacktestTableModelTest = StudioTestDir;

TEST_F(BacktestTableModelTest, OneRowPerForecasterAndHorizonBestMaseBold) {
  qtApp();
  const CountSeries series = loadLabSeries(write("counts.csv", dailyCountsCsv(16, kMinute)), 0);
  std::atomic<bool> cancelled{false};
  LabOptions options;
  options.with_lstm = false;
  const auto run = runLab(series, options, {}, cancelled);

  BacktestTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  model.setResult(run->result);
  ASSERT_EQ(model.rowCount(), 18);
  EXPECT_EQ(model.data(model.index(0, BacktestTableModel::kForecaster)).toString(), "last-value");
  EXPECT_EQ(model.data(model.index(0, BacktestTableModel::kHorizon)).toString(), "5 min");
  EXPECT_EQ(model.data(model.index(2, BacktestTableModel::kHorizon)).toString(), "60 min");
  const HorizonScore& first = run->result.forecasters[0].horizons[0];
  EXPECT_EQ(model.data(model.index(0, BacktestTableModel::kMase)).toString(),
            QString::number(first.mase, 'f', 3));
  // Exactly one bold row per horizon: the lowest MASE.
  for (int h = 0; h < 3; ++h) {
    int bold = 0;
    double best = 1e300;
    for (const ForecasterScore& f : run->result.forecasters) {
      best = std::min(best, f.horizons[static_cast<std::size_t>(h)].mase);
    }
    for (int row = h; row < model.rowCount(); row += 3) {
      const QVariant font = model.data(model.index(row, 0), Qt::FontRole);
      if (font.isValid() && font.value<QFont>().bold()) {
        ++bold;
        EXPECT_EQ(model.data(model.index(row, BacktestTableModel::kMase)).toString(),
                  QString::number(best, 'f', 3));
      }
    }
    EXPECT_EQ(bold, 1) << "horizon " << h;
  }
  model.clear();
  EXPECT_EQ(model.rowCount(), 0);
}

}  // namespace
}  // namespace shadowscale::studio
