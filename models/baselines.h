#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/forecaster.h"
#include "models/history_ring.h"

namespace shadowscale {

// Settings shared by the baseline forecasters.
struct BaselineOptions {
  TimeNs interval = 5 * kMinute;
  std::vector<double> quantiles{0.1, 0.5, 0.9};  // ascending, must contain 0.5
  int max_horizon = 12;  // horizons whose residual quantiles are learnt in fit()
};

// Empirical quantiles of in-sample forecast residuals (actual - point forecast), one set per
// horizon: how the baselines turn a point forecast into quantiles.
class ResidualQuantiles {
 public:
  ResidualQuantiles() = default;
  // residuals[h] holds the in-sample residuals of horizon h + 1.
  ResidualQuantiles(const std::vector<std::vector<double>>& residuals,
                    const std::vector<double>& levels);

  // Offset to add to the point forecast of step h (0-based) for quantile index q; 0 for the
  // median (the point forecast stays the median) and where a horizon had no residuals.
  double offset(int h, std::size_t q) const;

  // Builds the forecast's quantiles around `point` (already in the forecaster's working space);
  // keeps them ordered.
  std::vector<double> around(double point, int h) const;

 private:
  std::vector<double> levels_;
  std::vector<std::vector<double>> offsets_;  // [h][q]
};

// Linear-interpolated empirical quantile (type 7) of `values`, which it sorts.
double empiricalQuantile(std::vector<double>& values, double level);

// Checks quantile levels: ascending, inside (0, 1), containing 0.5. Throws invalid_argument.
void checkQuantileLevels(const std::vector<double>& levels);

// What every baseline shares: its options and the Forecaster accessors they answer.
class BaselineForecaster : public Forecaster {
 public:
  TimeNs interval() const override { return options_.interval; }
  std::vector<double> quantileLevels() const override { return options_.quantiles; }
  int maxHorizon() const override { return options_.max_horizon; }

 protected:
  // Checks the options (throws std::invalid_argument) and keeps them.
  explicit BaselineForecaster(BaselineOptions options);

  BaselineOptions options_;
};

// Forecasts every step with the last observed value (missing intervals keep the last one).
class LastValueForecaster final : public BaselineForecaster {
 public:
  explicit LastValueForecaster(BaselineOptions options = {});

  // Forecaster:
  std::string_view name() const override { return "last-value"; }
  std::size_t minHistory() const override { return 1; }
  void fit(std::span<const SeriesPoint> history) override;
  void observe(const SeriesPoint& point) override;
  QuantileForecast forecast(int horizon, std::span<const SeriesPoint> future_calendar) override;
  std::unique_ptr<Forecaster> clone() const override;

 private:
  ResidualQuantiles residuals_;
  bool has_value_ = false;
  double last_ = 0;
};

// Forecasts each step with the value one season earlier (period in intervals: 288 = a day of
// 5-minute intervals, 2016 = a week). A missing interval is stood in for by its own forecast,
// i.e. the value a season earlier.
class SeasonalNaiveForecaster final : public BaselineForecaster {
 public:
  SeasonalNaiveForecaster(int period, std::string name, BaselineOptions options = {});

  // Forecaster:
  std::string_view name() const override { return name_; }
  std::size_t minHistory() const override { return static_cast<std::size_t>(period_); }
  void fit(std::span<const SeriesPoint> history) override;
  void observe(const SeriesPoint& point) override;
  QuantileForecast forecast(int horizon, std::span<const SeriesPoint> future_calendar) override;
  std::unique_ptr<Forecaster> clone() const override;

  // The season in intervals.
  int period() const { return period_; }

 private:
  double pointForecast(int step) const;  // step 1 = next interval

  int period_;
  std::string name_;
  ResidualQuantiles residuals_;
  HistoryRing history_;  // the last `period_` values, stand-ins where missing
};

// Fitted smoothing parameters of Holt-Winters.
struct HoltWintersParams {
  double alpha = 0.3;  // level
  double beta = 0.05;  // trend, as a share of the level's correction (beta* of Hyndman et al.)
  double gamma = 0.1;  // season, at most 1 - alpha
  double phi = 0.95;   // trend damping
};

// Holt-Winters exponential smoothing on log1p of the series: additive damped trend, additive
// season of `season` intervals. fit() estimates the initial state from the first two seasons
// and the four smoothing parameters by minimising the one-step squared error with Nelder-Mead;
// observe() filters new data with the parameters fixed. Missing intervals are not corrected
// for (the state runs on its own one-step forecast) and are left out of the error.
class HoltWintersForecaster final : public BaselineForecaster {
 public:
  // fit_steps: the parameters minimise the squared error of the 1..fit_steps-step forecasts
  // (1 = the classical one-step fit).
  explicit HoltWintersForecaster(int season = 288, BaselineOptions options = {}, int fit_steps = 1);

  // Forecaster:
  std::string_view name() const override {
    return fit_steps_ > 1 ? "holt-winters-multistep" : "holt-winters";
  }
  // Three seasons: two for the initial state, one more for the fit to settle.
  std::size_t minHistory() const override { return 3 * static_cast<std::size_t>(season_); }
  void fit(std::span<const SeriesPoint> history) override;
  void observe(const SeriesPoint& point) override;
  QuantileForecast forecast(int horizon, std::span<const SeriesPoint> future_calendar) override;
  std::unique_ptr<Forecaster> clone() const override;

  // The fitted smoothing parameters.
  const HoltWintersParams& params() const { return params_; }
  // Mean squared one-step error (log1p space) of the fit over the training history.
  double fitMse() const { return fit_mse_; }

  // Damping bounds, as in Hyndman's forecast package: a trend that never damps (phi = 1)
  // extrapolates a short-lived slope for hours.
  static constexpr double kPhiMin = 0.8;
  static constexpr double kPhiMax = 0.98;

 private:
  double logForecast(int step) const;  // step 1 = next interval, log1p space
  void filter(double x, bool missing);

  int season_;
  int fit_steps_;
  HoltWintersParams params_;
  ResidualQuantiles residuals_;
  bool fitted_ = false;
  double level_ = 0, trend_ = 0;
  std::vector<double> seasonal_;  // ring: seasonal_[(pos_ + k) % m] is the season k+1 steps ahead
  std::size_t pos_ = 0;
  double fit_mse_ = 0;
};

}  // namespace shadowscale
