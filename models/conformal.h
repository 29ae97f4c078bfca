#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/forecaster.h"

namespace shadowscale {

// The last `capacity` values of a stream kept in arrival order and in sorted order, so any
// empirical quantile of the recent values costs O(1) and each new value O(capacity) moves.
class SortedWindow {
 public:
  explicit SortedWindow(std::size_t capacity = 1) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Adds the newest value, dropping the oldest when full.
  void push(double v);
  // Linear-interpolated empirical quantile (type 7) at `level`; 0 when empty.
  double quantile(double level) const;
  std::size_t size() const { return sorted_.size(); }
  void clear();

 private:
  std::size_t capacity_;
  std::deque<double> arrival_;
  std::vector<double> sorted_;
};

// Settings of the conformal calibration; counts are in intervals.
struct ConformalOptions {
  // Recent errors kept per horizon: a week of 5-minute intervals, long enough for a stable
  // 0.9 quantile (about 200 errors above it), short enough to follow a change of regime.
  std::size_t window = 2016;
  // The end of a fit history scored out of sample before the first forecast: two days.
  std::size_t fit_tail = 576;
  // Below this many errors at a horizon the wrapped forecaster's own quantiles stand.
  std::size_t min_errors = 100;
};

// Calibrates the quantiles of another forecaster on its recent out-of-sample errors (rolling
// split conformal prediction, per horizon). For each step h it keeps the errors of its last
// h-step forecasts as log1p(actual) - log1p(median), and sets quantile q of a new forecast to
// expm1(log1p(median) + the q-quantile of those errors). The median stays the wrapped model's.
// Errors are relative (log space), so a series that grows tenfold keeps its calibration.
//
// fit() fits the wrapped model on the history without its last `fit_tail` intervals and then
// observes those, so the first forecasts are calibrated on errors the model made out of sample.
class ConformalForecaster final : public Forecaster {
 public:
  // Throws std::invalid_argument for a null model or a zero window.
  explicit ConformalForecaster(std::unique_ptr<Forecaster> inner, ConformalOptions options = {});
  ConformalForecaster(const ConformalForecaster& other);
  ConformalForecaster& operator=(const ConformalForecaster&) = delete;

  // Forecaster:
  std::string_view name() const override { return inner_->name(); }
  TimeNs interval() const override { return inner_->interval(); }
  std::vector<double> quantileLevels() const override { return inner_->quantileLevels(); }
  int maxHorizon() const override { return inner_->maxHorizon(); }
  std::size_t minHistory() const override { return inner_->minHistory(); }
  void fit(std::span<const SeriesPoint> history) override;
  void observe(const SeriesPoint& point) override;
  QuantileForecast forecast(int horizon, std::span<const SeriesPoint> future_calendar) override;
  std::unique_ptr<Forecaster> clone() const override;

  // The calibrated model.
  const Forecaster& inner() const { return *inner_; }
  Forecaster& inner() { return *inner_; }
  // Errors held for step h (0-based).
  std::size_t errorCount(int h) const;

 private:
  // The wrapped model's full-horizon forecast from the current state (made once per state).
  const QuantileForecast& current(std::span<const SeriesPoint> future_calendar);

  std::unique_ptr<Forecaster> inner_;
  ConformalOptions options_;
  std::optional<QuantileForecast> current_;
  std::deque<std::vector<double>> pending_;  // log1p medians of the last forecasts, newest last
  std::vector<SortedWindow> errors_;         // [h]
};

}  // namespace shadowscale
