#include "core/policies/model_keeper.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <stdexcept>
#include <utility>
#include <vector>

namespace shadowscale {

ModelKeeper::ModelKeeper(std::unique_ptr<Forecaster> model, int backtest_horizon,
                         std::size_t validation_intervals)
    : model_(std::move(model)), horizon_(backtest_horizon), span_(validation_intervals) {
  if (!model_) {
    throw std::invalid_argument("model keeper: no forecaster");
  }
  if (horizon_ < 1) {
    throw std::invalid_argument("model keeper: backtest horizon must be at least 1 interval");
  }
  if (span_ == 0) {
    throw std::invalid_argument("model keeper: validation span must be at least 1 interval");
  }
}

void ModelKeeper::fit(std::span<const SeriesPoint> history) {
  model_->fit(history);
  pending_.clear();
  errors_.clear();
  has_last_ = !history.empty();
  if (has_last_) {
    last_t_ = history.back().t;
  }
}

void ModelKeeper::observe(const SeriesPoint& point) {
  model_->observe(point);
  while (!pending_.empty() && pending_.front().t < point.t) {
    pending_.pop_front();
  }
  if (!pending_.empty() && pending_.front().t == point.t) {
    if (!point.missing) {
      errors_.push_back({point.t, std::abs(point.value - pending_.front().median)});
    }
    pending_.pop_front();
  }
  has_last_ = true;
  last_t_ = point.t;
  trimErrors(point.t);
}

QuantileForecast ModelKeeper::forecast(int horizon, std::span<const SeriesPoint> future_calendar) {
  QuantileForecast f = model_->forecast(horizon, future_calendar);
  if (has_last_ && f.horizon() >= horizon_) {
    const TimeNs target = last_t_ + static_cast<TimeNs>(horizon_) * model_->interval();
    const double median = f.median(horizon_ - 1);
    if (!pending_.empty() && pending_.back().t == target) {
      pending_.back().median = median;
    } else {
      pending_.push_back({target, median});
    }
  }
  return f;
}

void ModelKeeper::trimErrors(TimeNs newest) {
  const TimeNs oldest = newest - static_cast<TimeNs>(span_) * model_->interval();
  while (!errors_.empty() && (errors_.front().t <= oldest || errors_.size() > span_)) {
    errors_.pop_front();
  }
}

double ModelKeeper::currentMae() const {
  if (errors_.empty()) {
    return 0;
  }
  double sum = 0;
  for (const Scored& s : errors_) {
    sum += s.error;
  }
  return sum / static_cast<double>(errors_.size());
}

RefitResult ModelKeeper::refit(std::span<const SeriesPoint> history) {
  RefitResult r;
  auto reject = [&](std::string reason) {
    r.reason = std::move(reason);
    ++rejected_;
    return r;
  };
  if (history.empty() || !has_last_ || history.back().t != last_t_) {
    throw std::logic_error("model keeper: refit history must end with the last observed interval");
  }
  const std::size_t n = history.size();
  if (n <= span_) {
    return reject("history of " + std::to_string(n) + " intervals is not longer than the " +
                  std::to_string(span_) + "-interval validation span");
  }
  const std::size_t start = n - span_;
  if (start < model_->minHistory()) {
    return reject("the " + std::to_string(start) +
                  " intervals before the validation span are fewer than the " +
                  std::to_string(model_->minHistory()) + " the forecaster needs");
  }
  std::unique_ptr<Forecaster> candidate = model_->clone();
  std::vector<Scored> scores;
  try {
    candidate->fit(history.first(start));
    // Rolling origin through the validation span: forecast from the state after interval
    // k - 1, then let the copy see interval k.
    for (std::size_t k = start; k < n; ++k) {
      const std::size_t target = k - 1 + static_cast<std::size_t>(horizon_);
      if (target < n && !history[target].missing) {
        // The span's own intervals are the calendar ahead (with their announced events).
        const QuantileForecast f = candidate->forecast(
            horizon_,
            history.subspan(k, std::min<std::size_t>(static_cast<std::size_t>(horizon_), n - k)));
        scores.push_back(
            {history[target].t, std::abs(history[target].value - f.median(horizon_ - 1))});
      }
      candidate->observe(history[k]);
    }
  } catch (const std::exception& e) {
    return reject(std::string("refit failed: ") + e.what());
  }

  // Compare on the targets both models forecast (the model in use may be younger than the span).
  double current_sum = 0;
  double candidate_sum = 0;
  std::size_t i = 0;
  for (const Scored& c : errors_) {
    while (i < scores.size() && scores[i].t < c.t) {
      ++i;
    }
    if (i < scores.size() && scores[i].t == c.t) {
      current_sum += c.error;
      candidate_sum += scores[i].error;
      ++r.compared;
    }
  }
  if (r.compared == 0) {
    return reject("no validation interval was forecast by both models");
  }
  r.current_mae = current_sum / static_cast<double>(r.compared);
  r.candidate_mae = candidate_sum / static_cast<double>(r.compared);
  if (!(r.candidate_mae <= r.current_mae)) {
    return reject("refit backtests worse (MAE " + std::to_string(r.candidate_mae) + " vs " +
                  std::to_string(r.current_mae) + ")");
  }
  model_ = std::move(candidate);
  // The copy's record on the span is out of sample, so it carries into the next comparison.
  errors_.assign(scores.begin(), scores.end());
  pending_.clear();
  trimErrors(last_t_);
  r.accepted = true;
  ++accepted_;
  return r;
}

}  // namespace shadowscale
