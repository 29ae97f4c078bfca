#include "models/conformal.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace shadowscale {

void SortedWindow::push(double v) {
  if (arrival_.size() == capacity_) {
    const double old = arrival_.front();
    arrival_.pop_front();
    sorted_.erase(std::lower_bound(sorted_.begin(), sorted_.end(), old));
  }
  arrival_.push_back(v);
  sorted_.insert(std::upper_bound(sorted_.begin(), sorted_.end(), v), v);
}

double SortedWindow::quantile(double level) const {
  if (sorted_.empty()) {
    return 0.0;
  }
  const double pos = std::clamp(level, 0.0, 1.0) * static_cast<double>(sorted_.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted_.size() - 1);
  return sorted_[lo] + (pos - static_cast<double>(lo)) * (sorted_[hi] - sorted_[lo]);
}

void SortedWindow::clear() {
  arrival_.clear();
  sorted_.clear();
}

namespace {

double logCount(double v) {
  return std::log1p(std::max(v, 0.0));
}

}  // namespace

ConformalForecaster::ConformalForecaster(std::unique_ptr<Forecaster> inner,
                                         ConformalOptions options)
    : inner_(std::move(inner)), options_(options) {
  if (!inner_) {
    throw std::invalid_argument("conformal: no forecaster to calibrate");
  }
  if (options_.window == 0) {
    throw std::invalid_argument("conformal: the error window must hold at least one error");
  }
  errors_.assign(static_cast<std::size_t>(inner_->maxHorizon()), SortedWindow(options_.window));
}

ConformalForecaster::ConformalForecaster(const ConformalForecaster& other)
    : inner_(other.inner_->clone()),
      options_(other.options_),
      current_(other.current_),
      pending_(other.pending_),
      errors_(other.errors_) {}

std::unique_ptr<Forecaster> ConformalForecaster::clone() const {
  return std::make_unique<ConformalForecaster>(*this);
}

std::size_t ConformalForecaster::errorCount(int h) const {
  return errors_.at(static_cast<std::size_t>(h)).size();
}

void ConformalForecaster::fit(std::span<const SeriesPoint> history) {
  const std::size_t n = history.size();
  // The inner model is fitted on at least its minHistory() and on at least one observed
  // interval: a history that starts with missing ones (a run whose first interval was cut short)
  // keeps them in the fit part instead of leaving the model nothing to fit.
  const auto observed = std::find_if(history.begin(), history.end(), [](const SeriesPoint& p) {
    return !p.missing && std::isfinite(p.value);
  });
  const auto first_observed = static_cast<std::size_t>(observed - history.begin());
  const std::size_t need = std::max(inner_->minHistory(), first_observed + 1);
  // The tail shrinks when the history is short: fitting comes first.
  const std::size_t tail = n > need ? std::min(options_.fit_tail, n - need) : 0;
  inner_->fit(history.first(n - tail));
  current_.reset();
  pending_.clear();
  for (SortedWindow& w : errors_) {
    w.clear();
  }
  for (std::size_t k = n - tail; k < n; ++k) {
    observe(history[k]);
  }
}

const QuantileForecast& ConformalForecaster::current(std::span<const SeriesPoint> calendar) {
  if (!current_) {
    current_ = inner_->forecast(inner_->maxHorizon(), calendar);
  }
  return *current_;
}

void ConformalForecaster::observe(const SeriesPoint& point) {
  // The forecast made before this point is out of sample for it and for the next steps.
  const QuantileForecast& f = current(std::span<const SeriesPoint>(&point, 1));
  std::vector<double> medians(static_cast<std::size_t>(f.horizon()));
  for (int h = 0; h < f.horizon(); ++h) {
    medians[static_cast<std::size_t>(h)] = logCount(f.median(h));
  }
  pending_.push_back(std::move(medians));
  while (pending_.size() > errors_.size()) {
    pending_.pop_front();
  }
  if (!point.missing && std::isfinite(point.value)) {
    const double actual = logCount(point.value);
    // The forecast made `age` points ago targeted this point at step age + 1.
    for (std::size_t age = 0; age < pending_.size(); ++age) {
      const std::vector<double>& m = pending_[pending_.size() - 1 - age];
      if (age < m.size()) {
        errors_[age].push(actual - m[age]);
      }
    }
  }
  inner_->observe(point);
  current_.reset();
}

QuantileForecast ConformalForecaster::forecast(int horizon,
                                               std::span<const SeriesPoint> future_calendar) {
  if (horizon < 1 || horizon > maxHorizon()) {
    throw std::invalid_argument(std::string(name()) + ": horizon " + std::to_string(horizon) +
                                " outside 1.." + std::to_string(maxHorizon()));
  }
  QuantileForecast f = current(future_calendar);
  f.values.resize(static_cast<std::size_t>(horizon));
  const std::size_t median = f.medianIndex();
  for (std::size_t h = 0; h < f.values.size(); ++h) {
    const SortedWindow& e = errors_[h];
    if (e.size() < options_.min_errors) {
      continue;
    }
    std::vector<double>& row = f.values[h];
    const double center = logCount(row[median]);
    for (std::size_t q = 0; q < row.size(); ++q) {
      if (q != median) {
        row[q] = std::max(0.0, std::expm1(center + e.quantile(f.quantiles[q])));
      }
    }
    // Errors on either side of a biased median can cross it; keep the quantiles in order.
    for (std::size_t q = median + 1; q < row.size(); ++q) {
      row[q] = std::max(row[q], row[q - 1]);
    }
    for (std::size_t q = median; q-- > 0;) {
      row[q] = std::min(row[q], row[q + 1]);
    }
  }
  return f;
}

}  // namespace shadowscale
