#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/forecaster.h"
#include "core/json.h"

namespace shadowscale {

// The evaluation protocol of ANCHORS.md: the series (already in 5-minute buckets) is split
// into the first `train_fraction` for fitting and the rest for testing; the origin rolls
// through every test bucket and each horizon is scored.
struct BacktestOptions {
  double train_fraction = 0.7;
  std::vector<int> horizons{1, 3, 12};  // in buckets: 5, 15 and 60 minutes
  int mase_period = 288;                // seasonal-naive period of the MASE scale: a day
  double upper_quantile = 0.9;          // the quantile whose pinball loss and coverage count
  // Fits a forecaster on the training part; defaults to Forecaster::fit. The CLI uses it to
  // show the LSTM's training progress.
  std::function<void(Forecaster&, std::span<const SeriesPoint>)> fit;
  // Told when a forecaster starts fitting and scoring.
  std::function<void(const std::string& name, const std::string& stage)> progress;
  // Told every forecast scored: the forecaster's name, the origin (index of the first step's
  // bucket in the series) and the forecast, so a caller can draw forecasts against actuals.
  std::function<void(const std::string& name, std::size_t origin, const QuantileForecast& forecast)>
      on_forecast;
};

// Scores of one forecaster at one horizon over the test part.
struct HorizonScore {
  int horizon = 0;        // buckets ahead
  std::size_t count = 0;  // scored forecasts (origins whose target is observed)
  double mae = 0;
  double smape = 0;           // percent, 0..200
  double mase = 0;            // MAE / scale (gap excluded from the scale)
  double mase_reference = 0;  // MAE / scale with gap buckets as zeros, as the reference did
  double pinball = 0;         // at the upper quantile, in series units
  double coverage = 0;        // share of targets at or below the upper quantile
};

// One forecaster's row of the backtest.
struct ForecasterScore {
  std::string name;
  std::vector<HorizonScore> horizons;
  double fit_seconds = 0;
  double fit_cpu_seconds = 0;
  double forecast_micros = 0;      // mean wall time of one forecast() call
  double forecast_cpu_micros = 0;  // mean process CPU time of one forecast() call
  std::size_t forecasts = 0;
};

// The whole backtest.
struct BacktestResult {
  std::size_t buckets = 0, train = 0, test = 0;
  std::size_t missing_train = 0, missing_test = 0;
  TimeNs bucket = 0;
  double mase_scale = 0;            // in-sample MAE of seasonal naive, missing pairs excluded
  double mase_scale_reference = 0;  // the same with missing buckets counted as their sums
  double upper_quantile = 0.9;
  int mase_period = 288;
  std::string first_civil, split_civil, last_civil;
  std::vector<ForecasterScore> forecasters;
};

// Accumulates the forecast metrics of one horizon (ANCHORS.md "Metrics").
class ScoreAccumulator {
 public:
  explicit ScoreAccumulator(double upper_quantile) : upper_(upper_quantile) {}
  // One forecast: actual y, point forecast f (the median), upper quantile q (NaN if none).
  void add(double y, double f, double q);
  // Means; MASE from the given scales.
  HorizonScore finish(int horizon, double scale, double reference_scale) const;

 private:
  double upper_;
  std::size_t n_ = 0, n_upper_ = 0;
  double abs_ = 0, smape_ = 0, pinball_ = 0, covered_ = 0;
};

// Pinball loss of quantile forecast q at level a for actual y.
double pinballLoss(double y, double q, double a);

// In-sample MAE of the seasonal-naive forecast with `period` over `train`: the MASE scale.
// With skip_missing, pairs with a missing end are left out; otherwise missing buckets count
// with their stored value (the sum of the rows they have, 0 inside a gap).
double maseScale(std::span<const SeriesPoint> train, int period, bool skip_missing);

// Runs the protocol for each forecaster: fit on the training part (never the test part),
// then roll the origin through the test part, forecasting max(horizons) steps each time.
BacktestResult runBacktest(std::span<const SeriesPoint> series,
                           const std::vector<std::unique_ptr<Forecaster>>& forecasters,
                           const BacktestOptions& options);

// The forecaster x horizon table for a terminal.
std::string formatBacktestTable(const BacktestResult& result);

// The result as a JSON object (the "backtest" part of reports and sidecars).
Json backtestJson(const BacktestResult& result);

}  // namespace shadowscale
