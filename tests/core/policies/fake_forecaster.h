#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

#include "core/forecaster.h"

namespace shadowscale::testing {

// What every copy of a FakeForecaster reports back to the test.
struct FakeLog {
  int fits = 0;
  std::size_t last_fit_size = 0;
  std::size_t last_fit_missing = 0;        // intervals flagged missing in the latest fit's history
  std::vector<SeriesPoint> observed;       // by the model in use and its copies, in order
  std::vector<SeriesPoint> last_calendar;  // the future calendar of the latest forecast
};

// A forecaster whose forecasts the test controls. Two flavours:
// - biased last value: every step forecasts the last value plus `bias` (fit() switches the
//   bias to `refit_bias`, so a refit can be made better or worse on purpose);
// - scripted: step k forecasts script(t_k) for the interval starting t_k, as requests in the
//   interval, with quantiles {0.1, 0.5, 0.9} at 0.8x, 1x and `upper_factor` x.
class FakeForecaster final : public Forecaster {
 public:
  using Script = std::function<double(TimeNs)>;

  FakeForecaster(TimeNs interval, int max_horizon, std::shared_ptr<FakeLog> log)
      : interval_(interval), max_horizon_(max_horizon), log_(std::move(log)) {}

  FakeForecaster& biased(double bias, double refit_bias) {
    bias_ = bias;
    refit_bias_ = refit_bias;
    return *this;
  }
  FakeForecaster& scripted(Script script, double upper_factor) {
    script_ = std::move(script);
    upper_factor_ = upper_factor;
    return *this;
  }
  // fit() throws std::invalid_argument for shorter histories (a model that needs more data).
  FakeForecaster& needs(std::size_t min_fit) {
    min_fit_ = min_fit;
    return *this;
  }
  FakeForecaster& failRefits() {
    fail_fit_after_first_ = true;
    return *this;
  }
  // Every fit() throws, however long the history (a model that cannot work at all).
  FakeForecaster& failFits() {
    fail_every_fit_ = true;
    return *this;
  }

  std::string_view name() const override { return "fake"; }
  TimeNs interval() const override { return interval_; }
  std::vector<double> quantileLevels() const override { return {0.1, 0.5, 0.9}; }
  int maxHorizon() const override { return max_horizon_; }
  std::size_t minHistory() const override { return min_fit_; }

  void fit(std::span<const SeriesPoint> history) override {
    if (history.size() < min_fit_) {
      throw std::invalid_argument("fake: needs " + std::to_string(min_fit_) + " intervals");
    }
    if (fail_every_fit_) {
      throw std::invalid_argument("fake: cannot fit");
    }
    if (fail_fit_after_first_ && log_->fits > 0) {
      throw std::invalid_argument("fake: refit fails");
    }
    ++log_->fits;
    log_->last_fit_size = history.size();
    log_->last_fit_missing = 0;
    for (const SeriesPoint& p : history) {
      log_->last_fit_missing += p.missing ? 1 : 0;
    }
    if (log_->fits > 1) {
      bias_ = refit_bias_;
    }
    last_ = history.back().value;
    last_t_ = history.back().t;
  }

  void observe(const SeriesPoint& point) override {
    log_->observed.push_back(point);
    last_ = point.value;
    last_t_ = point.t;
  }

  QuantileForecast forecast(int horizon, std::span<const SeriesPoint> calendar) override {
    if (horizon < 1 || horizon > max_horizon_) {
      throw std::invalid_argument("fake: horizon out of range");
    }
    log_->last_calendar.assign(calendar.begin(), calendar.end());
    QuantileForecast f;
    f.quantiles = quantileLevels();
    for (int k = 1; k <= horizon; ++k) {
      double m = last_ + bias_;
      double up = m + 1;
      double lo = m - 1;
      if (script_) {
        m = script_(last_t_ + k * interval_);
        up = m * upper_factor_;
        lo = m * 0.8;
      }
      f.values.push_back({lo, m, up});
    }
    return f;
  }

  std::unique_ptr<Forecaster> clone() const override {
    return std::make_unique<FakeForecaster>(*this);
  }

 private:
  TimeNs interval_;
  int max_horizon_;
  std::shared_ptr<FakeLog> log_;
  double bias_ = 0;
  double refit_bias_ = 0;
  Script script_;
  double upper_factor_ = 1.25;
  std::size_t min_fit_ = 1;
  bool fail_fit_after_first_ = false;
  bool fail_every_fit_ = false;
  double last_ = 0;
  TimeNs last_t_ = 0;
};

}  // namespace shadowscale::testing
