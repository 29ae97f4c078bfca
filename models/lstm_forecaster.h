#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/forecaster.h"
#include "models/lstm_features.h"
#include "models/lstm_model.h"

namespace shadowscale {

// One epoch of training, for progress output.
struct EpochReport {
  int epoch = 0;               // 1-based
  double train_loss = 0;       // mean pinball loss (normalised log space) over the epoch
  double validation_loss = 0;  // the same on the validation split
  double seconds = 0;
  bool improved = false;  // validation loss is the best so far
};

// Called after each training epoch.
using EpochCallback = std::function<void(const EpochReport&)>;

// Architecture and training settings of the LSTM forecaster. Defaults were chosen by running
// the backtest protocol inside the training part of the NASA trace only (docs/forecasting.md);
// the test part played no role.
struct LstmOptions {
  TimeNs interval = 5 * kMinute;
  int window = 24;       // past steps the encoder reads: 2 h of 5-minute buckets; 48 was no
                         // better and twice as slow, 12 was worse
  int horizon = 12;      // steps forecast at once by the direct head: 1 h
  int hidden = 32;       // LSTM state size; 24 was slightly worse at 60 minutes
  int head_hidden = 64;  // width of the head's hidden layer
  std::vector<double> quantiles{0.1, 0.5, 0.9};  // ascending, must contain 0.5
  int max_epochs = 20;  // upper bound (keeps training on 30 days near half a minute); early
                        // stopping usually ends sooner: on the NASA trace at epoch 11
  int patience = 5;     // epochs without a better validation loss before stopping
  double validation_fraction = 0.15;  // tail of the fit history held out for early stopping
  int batch_size = 512;         // large batches: the per-op overhead of a small LSTM dominates
  double learning_rate = 5e-3;  // Adam; matched to the batch size
  double grad_clip = 1.0;       // max gradient norm: keeps an LSTM from blowing up early on
  std::uint64_t seed = 1;
  int threads = 1;  // intra-op threads; 1 keeps training bit-for-bit reproducible
  // Told after each epoch of every training, fit() and refits included (progress output, a
  // live loss chart); not stored with a saved model.
  EpochCallback on_epoch;

  // Features' periods follow from the interval.
  LstmShape shape() const;
};

// What a training run did.
struct TrainingReport {
  std::vector<EpochReport> epochs;
  int best_epoch = 0;
  double best_validation_loss = 0;
  std::size_t train_samples = 0;
  std::size_t validation_samples = 0;
  double seconds = 0;      // wall time
  double cpu_seconds = 0;  // process CPU time: what a shared, busy machine cannot inflate
};

// What the model knows about the data it was trained on, stored with it.
struct LstmModelInfo {
  double norm_mean = 0;  // of log1p(value) over the training split
  double norm_std = 1;
  TimeNs train_first = 0;  // t of the first and last interval of the fit history
  TimeNs train_last = 0;
  std::string train_first_civil;  // "YYYY-MM-DD HH:MM" local
  std::string train_last_civil;
  std::size_t train_intervals = 0;
  std::size_t missing_intervals = 0;
  std::string source;         // where the history came from (file name), if known
  std::string backtest_json;  // backtest figures of this model, as JSON, if any
};

// One trained tensor in plain form, for export.
struct NamedArray {
  std::string name;
  std::vector<std::int64_t> shape;
  std::vector<float> data;
};

// LSTM quantile forecaster (libtorch inside, plain C++ outside). An LSTM encoder reads the
// recent window (normalised log1p values with calendar, event and missing flags); a direct
// head maps its final state plus the future steps' calendar and seasonal lags to all
// quantiles of every step at once, trained with pinball loss. Missing inputs are stood in for
// by the value a day earlier and flagged.
class LstmForecaster final : public LstmModel {
 public:
  // An untrained model; throws std::invalid_argument for inconsistent options.
  explicit LstmForecaster(LstmOptions options = {});
  // Copies are deep: a copy trains and observes without touching the original.
  LstmForecaster(const LstmForecaster& other);
  LstmForecaster& operator=(const LstmForecaster& other);
  LstmForecaster(LstmForecaster&&) noexcept;
  LstmForecaster& operator=(LstmForecaster&&) noexcept;
  ~LstmForecaster() override;

  // Forecaster:
  std::string_view name() const override { return "lstm"; }
  TimeNs interval() const override;
  std::vector<double> quantileLevels() const override;
  int maxHorizon() const override;
  // A week of context for the weekly lag, a few dozen training windows and a validation split:
  // about 8.5 days of 5-minute intervals.
  std::size_t minHistory() const override;
  void fit(std::span<const SeriesPoint> history) override;
  void observe(const SeriesPoint& point) override;
  QuantileForecast forecast(int horizon, std::span<const SeriesPoint> future_calendar) override;
  std::unique_ptr<Forecaster> clone() const override;

  // fit() with progress: trains a fresh network on `history` (validation split off its end,
  // early stopping, best epoch kept), then sets the state to the history's end.
  TrainingReport train(std::span<const SeriesPoint> history,
                       const EpochCallback& progress = {}) override;

  // Saves weights, options and normalisation (written to a temporary file, then renamed).
  void save(const std::string& path) const override;
  // Loads a model written by save(); throws InputError naming the file when it is not one.
  static LstmForecaster load(const std::string& path);

  // The network inputs forecast() would use now (for checking an exported model).
  LstmInputs currentInputs(std::span<const SeriesPoint> future_calendar) const;
  // The network's raw output for given inputs: [horizon][quantile], in the series' units.
  std::vector<std::vector<double>> run(const LstmInputs& inputs) const;

  // Trained tensors by name ("lstm.weight_ih_l0", "fc1.weight", ...), for export.
  std::vector<NamedArray> weights() const;

  // Settings, training data facts and the last training run.
  const LstmOptions& options() const override;
  const LstmModelInfo& info() const override;
  const TrainingReport& lastTraining() const;
  // Where the training history came from, stored with the model.
  void setSource(std::string source) override;
  // Backtest figures (JSON) to store with the model and copy into an export's sidecar.
  void setBacktestJson(std::string json) override;
  // Whether there are weights to forecast with (trained or loaded).
  bool trained() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace shadowscale
