#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/forecaster.h"

namespace shadowscale {

// Settings of the auto forecaster; counts are in intervals.
struct AutoOptions {
  // The end of a fit history on which the members are first scored out of sample: two days.
  std::size_t fit_tail = 576;
  // Memory of each member's running error, in intervals per step ahead: the error of an h-step
  // forecast is a mean over about h * error_memory_per_step recent targets. A short memory lets
  // a member that starts to miss (a flash crowd, a level shift) lose its weight at short
  // horizons within an hour; at long horizons errors come in slower and noisier runs, so their
  // memory is longer (12 steps: half a day at 5 minutes). Chosen with keep_within and
  // weight_power on the training parts of six test traces (docs/forecasting.md, "auto").
  double error_memory_per_step = 12.0;
  // Members whose running error is more than this times the best one's get no weight: a
  // combination of the good ones, without the ones that would only drag it towards their misses.
  double keep_within = 5.0;
  // Weights are 1 / error^weight_power: 3 leans on the member doing best at the time more than
  // 2 did, without switching to it alone (picking the best member followed noise).
  double weight_power = 3.0;
  // The name it reports: "auto", or "auto-lstm" when the LSTM is one of the members.
  std::string name = "auto";
};

// Forecasts with a weighted combination of other forecasters, chosen per horizon by their
// rolling-origin error on the recent past: each member's h-step forecasts are scored as their
// targets arrive (an exponentially weighted mean absolute error whose memory grows with h), and
// a forecast combines the members within `keep_within` of the best error at that horizon, weighted
// by 1 / error^weight_power. A member that does worse than last value on the recent past gets
// little or no weight, so with last value among the members the combination tracks the best simple
// baseline.
//
// fit() fits every member whose minHistory() the history allows (apart from its last
// `fit_tail` intervals), then rolls them through that tail to score them out of sample.
class AutoForecaster final : public Forecaster {
 public:
  // Members must share the interval and quantile levels; throws std::invalid_argument if not,
  // if there are none, or if the options are out of range. The horizon is the smallest
  // member's.
  explicit AutoForecaster(std::vector<std::unique_ptr<Forecaster>> members,
                          AutoOptions options = {});
  AutoForecaster(const AutoForecaster& other);
  AutoForecaster& operator=(const AutoForecaster&) = delete;

  // Forecaster:
  std::string_view name() const override { return options_.name; }
  TimeNs interval() const override { return members_.front().model->interval(); }
  std::vector<double> quantileLevels() const override {
    return members_.front().model->quantileLevels();
  }
  int maxHorizon() const override { return horizon_; }
  // The least any member needs: the others join once the history allows them.
  std::size_t minHistory() const override;
  void fit(std::span<const SeriesPoint> history) override;
  void observe(const SeriesPoint& point) override;
  QuantileForecast forecast(int horizon, std::span<const SeriesPoint> future_calendar) override;
  std::unique_ptr<Forecaster> clone() const override;

  // The current weight of each member at step h (0-based); 0 for members not fitted.
  std::vector<double> weights(int h) const;
  // Member names, in the order weights() lists them.
  std::vector<std::string_view> memberNames() const;

 private:
  // One member with its running errors and the forecasts still waiting for their targets.
  struct Member {
    std::unique_ptr<Forecaster> model;
    bool active = false;                       // fitted on this history
    std::vector<double> error;                 // [h] running mean absolute error
    std::vector<std::size_t> scored;           // [h] errors seen
    std::deque<std::vector<double>> pending;   // medians of the last forecasts, newest last
    std::vector<std::vector<double>> current;  // its forecast from the current state, if made
  };

  const std::vector<std::vector<double>>& memberForecast(Member& m,
                                                         std::span<const SeriesPoint> calendar);

  std::vector<Member> members_;
  AutoOptions options_;
  int horizon_ = 0;
};

}  // namespace shadowscale
