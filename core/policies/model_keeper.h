#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <span>
#include <string>

#include "core/forecaster.h"
#include "core/time.h"

namespace shadowscale {

// What one refit of the feedback loop did.
struct RefitResult {
  bool accepted = false;
  double current_mae = 0;    // of the model in use, over the compared targets
  double candidate_mae = 0;  // of the refitted copy, over the same targets
  std::size_t compared = 0;  // validation targets both models forecast
  std::string reason;        // why the copy was discarded; empty when accepted
};

// Keeps the last good model of the feedback loop. It scores the model in use as it goes (the
// error of each forecast `backtest_horizon` intervals ahead, over the last `validation_intervals`
// targets); a refit fits a copy on the history before that span, rolls the copy's origin
// through the span at the same horizon, and replaces the model only if the copy's MAE on the
// same targets is not worse.
class ModelKeeper {
 public:
  // Throws std::invalid_argument for a null model, a horizon below 1 or an empty span.
  ModelKeeper(std::unique_ptr<Forecaster> model, int backtest_horizon,
              std::size_t validation_intervals);

  // The model in use.
  const Forecaster& model() const { return *model_; }

  // First fit of the model on `history`; throws what the forecaster throws (too short a
  // history: std::invalid_argument).
  void fit(std::span<const SeriesPoint> history);
  // Feeds the next interval to the model and scores the forecast made for it, if any.
  void observe(const SeriesPoint& point);
  // The model's forecast from the last observed interval, given the calendar (and announced
  // events) of the intervals ahead; remembers its step at the backtest horizon to score when
  // that interval arrives.
  QuantileForecast forecast(int horizon, std::span<const SeriesPoint> future_calendar = {});
  // One turn of the feedback loop on `history` (oldest first, ending with the last observed
  // interval). Never throws for a failing refit: the copy is discarded with the reason.
  RefitResult refit(std::span<const SeriesPoint> history);

  int backtestHorizon() const { return horizon_; }
  std::size_t validationIntervals() const { return span_; }
  int accepted() const { return accepted_; }
  int rejected() const { return rejected_; }
  // Scored forecasts of the model in use (at most validationIntervals()) and their MAE (0 if none).
  std::size_t scored() const { return errors_.size(); }
  double currentMae() const;

 private:
  // An absolute error of the forecast for the interval starting at `t`.
  struct Scored {
    TimeNs t = 0;
    double error = 0;
  };
  // A forecast waiting for its interval.
  struct Pending {
    TimeNs t = 0;
    double median = 0;
  };

  void trimErrors(TimeNs newest);

  std::unique_ptr<Forecaster> model_;
  int horizon_;
  std::size_t span_;
  bool has_last_ = false;
  TimeNs last_t_ = 0;
  std::deque<Pending> pending_;  // at most horizon_ entries
  std::deque<Scored> errors_;    // at most span_ entries
  int accepted_ = 0;
  int rejected_ = 0;
};

}  // namespace shadowscale
