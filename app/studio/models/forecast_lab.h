#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/backtest.h"
#include "models/export.h"
#include "models/lstm_forecaster.h"  // the option and report structs, no torch
#include "models/lstm_model.h"
#include "models/series.h"

namespace shadowscale::studio {

// Reads what the Forecast lab backtests: a count CSV (time,count), or a capture (recognised by
// its first bytes) whose requests are counted by arrival; summed into 5-minute buckets with the
// calendar taken at `utc_offset`. Throws InputError naming the file (and line) for bad input.
CountSeries loadLabSeries(const std::string& path, TimeNs utc_offset);

// A UTC offset typed by the planner ("-4h", "+05:30"; empty = UTC); throws InputError naming the
// field for anything else.
TimeNs parseLabUtcOffset(const std::string& text);

// "17856 buckets of 5 min, 1995-07-01 00:00 .. 1995-08-31 23:55, 1444 missing".
std::string describeSeries(const CountSeries& series);

// How the lab runs the backtest.
struct LabOptions {
  bool with_lstm = true;
  int lstm_epochs = 20;  // upper bound; early stopping may end sooner
  std::uint64_t lstm_seed = 1;
};

// What the lab reports while it runs (called on the worker thread).
struct LabHooks {
  std::function<void(const std::string& forecaster, const std::string& stage)> on_stage;
  std::function<void(const EpochReport&)> on_epoch;  // the LSTM's losses, epoch by epoch
};

// One forecaster's forecasts at one horizon over the test part: for each scored origin the
// bucket it targets and the lowest, median and highest quantile forecast for it.
struct ForecastTrace {
  std::string forecaster;
  int horizon = 0;  // buckets ahead
  double lower_level = 0, upper_level = 0;
  std::vector<std::size_t> target;  // index into the series
  std::vector<double> lower, median, upper;
};

// A finished lab run: the scores, the forecasts to draw, and the trained LSTM to export.
struct LabRun {
  BacktestResult result;
  std::vector<ForecastTrace> traces;
  std::vector<std::unique_ptr<Forecaster>> forecasters;  // as scored; owns the LSTM
  LstmModel* lstm = nullptr;                             // trained on the training part
  std::vector<EpochReport> epochs;                       // of that training

  const ForecastTrace* trace(const std::string& forecaster, int horizon) const;
};

// Runs the rolling-origin backtest of `shadowscale backtest` (the same forecasters, protocol
// and scores) on `series`, keeping every forecast for the charts. Throws InputError when the
// series does not suit the protocol, and Cancelled once `cancelled` is set (checked at every
// stage, epoch and forecast).
std::unique_ptr<LabRun> runLab(const CountSeries& series, const LabOptions& options,
                               const LabHooks& hooks, const std::atomic<bool>& cancelled);

// Writes the run's LSTM as TorchScript with its JSON sidecar (the run's backtest figures in it)
// into `dir`, like `shadowscale backtest --save-model` then `shadowscale export`.
ExportReport exportLabModel(LabRun& run, const std::string& dir);

}  // namespace shadowscale::studio
