// The Forecast lab's job: series from a count CSV or a capture, the backtest with every
// forecast kept for the charts, Cancel, and bad input named.
#include <atomic>
#include <cmath>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "app/studio/models/cancelled.h"
#include "app/studio/models/forecast_lab.h"
#include "core/input_error.h"
#include "replay/import_pipeline.h"
#include "tests/app/studio/forecast_data.h"
#include "tests/app/studio/studio_test_dir.h"

namespace shadowscale::studio {
namespace {

using ForecastLabTest = StudioTestDir;

TEST_F(ForecastLabTest, ReadsACountCsvAndACaptureOfTheSameTrafficAlike) {
  const std::string csv = write("counts.csv", dailyCountsCsv(3, kMinute));
  const CountSeries from_csv = loadLabSeries(csv, 0);
  EXPECT_EQ(from_csv.points.size(), 3u * 288);
  ImportOptions options;
  options.format = ImportFormat::kCounts;
  importCapture(csv, path("counts.capture"), options);
  const CountSeries from_capture = loadLabSeries(path("counts.capture"), -4 * kHour);
  ASSERT_EQ(from_capture.points.size(), from_csv.points.size());
  for (std::size_t i = 0; i < from_csv.points.size(); ++i) {
    ASSERT_EQ(from_capture.points[i].value, from_csv.points[i].value) << i;
    ASSERT_EQ(from_capture.points[i].t, from_csv.points[i].t) << i;
  }
  // The calendar is taken in the zone asked for.
  EXPECT_EQ(from_capture.points[0].civil.time_of_day, 20 * kHour);
  EXPECT_EQ(from_capture.points[0].civil.day_of_week, 6);  // Sunday evening, UTC-4
  EXPECT_EQ(describeSeries(from_csv),
            "864 buckets of 5 min, 2024-03-04 00:00 .. 2024-03-06 23:55 (UTC+00:00), 0 missing");
}

TEST_F(ForecastLabTest, BacktestKeepsEveryForecastForTheCharts) {
  const CountSeries series = loadLabSeries(write("counts.csv", dailyCountsCsv(16, kMinute)), 0);
  std::atomic<bool> cancelled{false};
  std::vector<std::string> stages;
  LabHooks hooks;
  hooks.on_stage = [&](const std::string& f, const std::string& s) {
    stages.push_back(s + " " + f);
  };
  LabOptions options;
  options.with_lstm = false;
  const auto run = runLab(series, options, hooks, cancelled);
  ASSERT_EQ(run->result.forecasters.size(), 6u);
  EXPECT_EQ(stages.front(), "fit last-value");
  EXPECT_EQ(stages.back(), "score auto");
  EXPECT_EQ(run->lstm, nullptr);
  // Three horizons of six forecasters; each trace as long as that horizon's scored count
  // (no target is missing here).
  EXPECT_EQ(run->traces.size(), 18u);
  for (const ForecasterScore& f : run->result.forecasters) {
    for (const HorizonScore& h : f.horizons) {
      const ForecastTrace* t = run->trace(f.name, h.horizon);
      ASSERT_NE(t, nullptr) << f.name;
      EXPECT_EQ(t->target.size(), h.count) << f.name << " " << h.horizon;
      EXPECT_EQ(t->target.front(), run->result.train - 1 + static_cast<std::size_t>(h.horizon));
      // The MAE of the kept medians is the table's MAE.
      double abs = 0;
      for (std::size_t i = 0; i < t->target.size(); ++i) {
        abs += std::abs(series.points[t->target[i]].value - t->median[i]);
        EXPECT_LE(t->lower[i], t->upper[i]);
      }
      EXPECT_NEAR(abs / static_cast<double>(t->target.size()), h.mae, 1e-9);
    }
  }
}

TEST_F(ForecastLabTest, CancelStopsAtTheNextStage) {
  const CountSeries series = loadLabSeries(write("counts.csv", dailyCountsCsv(16, kMinute)), 0);
  std::atomic<bool> cancelled{false};
  LabHooks hooks;
  int stages = 0;
  hooks.on_stage = [&](const std::string&, const std::string&) {
    ++stages;
    cancelled = true;  // the planner presses Cancel while the first fit is shown
  };
  LabOptions options;
  options.with_lstm = false;
  EXPECT_THROW(runLab(series, options, hooks, cancelled), Cancelled);
  EXPECT_EQ(stages, 1);
}

TEST_F(ForecastLabTest, BadInputIsNamed) {
  const std::string notes = write("notes.csv", "time,count\n2024-03-04 00:00:00,12\nhello\n");
  try {
    loadLabSeries(notes, 0);
    FAIL() << "notes read as a series";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(notes + ":3: ", 0), 0u) << e.what();
  }
  const std::string short_csv = write("short.csv", dailyCountsCsv(1, kMinute));
  std::atomic<bool> cancelled{false};
  LabOptions options;
  options.with_lstm = false;
  try {
    runLab(loadLabSeries(short_csv, 0), options, {}, cancelled);
    FAIL() << "a day of data backtested";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(short_csv + ": ", 0), 0u) << e.what();
  }
  EXPECT_THROW(parseLabUtcOffset("four hours"), InputError);
  EXPECT_EQ(parseLabUtcOffset("-4h"), -4 * kHour);
}

}  // namespace
}  // namespace shadowscale::studio
