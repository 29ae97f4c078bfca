// The Forecast lab page under the offscreen platform: a backtest with the LSTM's losses drawn
// per epoch, the forecast chart, the export, and bad input named.
#include <QCheckBox>
#include <QComboBox>
#include <QLineSeries>
#include <QSignalSpy>
#include <QSpinBox>

#include <filesystem>

#include <gtest/gtest.h>

#include "app/studio/models/backtest_table_model.h"
#include "app/studio/models/forecast_lab.h"
#include "app/studio/pages/forecast_lab_page.h"
#include "tests/app/studio/forecast_data.h"
#include "tests/app/studio/qt_app.h"
#include "tests/app/studio/studio_test_dir.h"

namespace shadowscale::studio {
namespace {

class ForecastLabPageTest : public StudioTestDir {
 protected:
  void SetUp() override {
    StudioTestDir::SetUp();
    qtApp();
  }

  // Waits (on the event loop) for `signal`'s next emission; its ok flag.
  template <typename Signal>
  static bool next(ForecastLabPage& page, Signal signal) {
    QSignalSpy spy(&page, signal);
    EXPECT_TRUE(spy.wait(600000));
    return !spy.isEmpty() && spy.takeFirst().at(0).toBool();
  }
};

TEST_F(ForecastLabPageTest, BacktestDrawsLossesForecastsAndExportsTheLstm) {
  const std::string csv = write("counts.csv", dailyCountsCsv(16, kMinute));
  ForecastLabPage page;
  page.findChild<QSpinBox*>("epochs")->setValue(2);
  page.loadSeries(QString::fromStdString(csv));
  ASSERT_TRUE(next(page, &ForecastLabPage::seriesLoaded)) << page.message().toStdString();
  EXPECT_EQ(page.actualSeries()->count(), 16 * 288);
  ASSERT_TRUE(page.runBacktest());
  ASSERT_TRUE(next(page, &ForecastLabPage::backtestFinished)) << page.message().toStdString();
  const LabRun* run = page.lastRun();
  ASSERT_NE(run, nullptr);
  ASSERT_NE(run->lstm, nullptr);
  EXPECT_EQ(page.metrics()->rowCount(), 24);
  // Every epoch the LSTM trained was drawn as it ended.
  const auto& epochs = run->epochs;
  ASSERT_FALSE(epochs.empty());
  ASSERT_EQ(page.trainLoss()->count(), static_cast<int>(epochs.size()));
  EXPECT_EQ(page.validationLoss()->at(0).y(), epochs[0].validation_loss);
  // The chart shows the last forecaster's forecast (auto-lstm) over the test part.
  auto* forecaster = page.findChild<QComboBox*>("forecaster");
  EXPECT_EQ(forecaster->currentText(), "auto-lstm");
  EXPECT_EQ(page.actualSeries()->count(), static_cast<int>(run->result.test));
  EXPECT_EQ(page.medianSeries()->count(),
            static_cast<int>(run->trace("auto-lstm", 1)->target.size()));
  forecaster->setCurrentText("holt-winters");
  page.findChild<QComboBox*>("horizon")->setCurrentIndex(2);
  EXPECT_EQ(page.medianSeries()->count(),
            static_cast<int>(run->trace("holt-winters", 12)->target.size()));

  const std::string out = path("export");
  ASSERT_TRUE(page.exportModel(QString::fromStdString(out)));
  ASSERT_TRUE(next(page, &ForecastLabPage::exportFinished)) << page.message().toStdString();
  EXPECT_TRUE(std::filesystem::exists(out + "/forecaster.pt"));
  EXPECT_TRUE(std::filesystem::exists(out + "/forecaster.json"));
  EXPECT_TRUE(page.message().startsWith("Wrote ")) << page.message().toStdString();
}

TEST_F(ForecastLabPageTest, BadSeriesAreNamedAndThePageKeepsWorking) {
  const std::string notes = write("notes.csv", "time,count\n2024-03-04 00:00:00,12\nhello\n");
  ForecastLabPage page;
  page.loadSeries(QString::fromStdString(notes));
  EXPECT_FALSE(next(page, &ForecastLabPage::seriesLoaded));
  EXPECT_TRUE(page.message().startsWith(QString::fromStdString(notes + ":3: ")))
      << page.message().toStdString();
  const std::string day = write("day.csv", dailyCountsCsv(1, kMinute));
  page.findChild<QCheckBox*>("withLstm")->setChecked(false);
  page.loadSeries(QString::fromStdString(day));
  EXPECT_TRUE(next(page, &ForecastLabPage::seriesLoaded));
  ASSERT_TRUE(page.runBacktest());
  EXPECT_FALSE(next(page, &ForecastLabPage::backtestFinished));
  EXPECT_TRUE(page.message().startsWith(QString::fromStdString(day + ": ")))
      << page.message().toStdString();
  EXPECT_EQ(page.lastRun(), nullptr);
  EXPECT_FALSE(page.exportModel(QString::fromStdString(path("export"))));
}

}  // namespace
}  // namespace shadowscale::studio
