#include "models/event_adjusted.h"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace shadowscale {

namespace {

// A usable multiplier: announced, positive and finite; anything else leaves values alone.
double usable(double multiplier) {
  return std::isfinite(multiplier) && multiplier > 0 ? multiplier : 1.0;
}

}  // namespace

SeriesPoint withoutEvents(const SeriesPoint& point) {
  SeriesPoint p = point;
  p.value = point.value / usable(point.event_multiplier);
  return p;
}

EventAdjustedForecaster::EventAdjustedForecaster(std::unique_ptr<Forecaster> inner)
    : inner_(std::move(inner)) {
  if (!inner_) {
    throw std::invalid_argument("events: no forecaster to adjust");
  }
}

EventAdjustedForecaster::EventAdjustedForecaster(const EventAdjustedForecaster& other)
    : inner_(other.inner_->clone()) {}

std::unique_ptr<Forecaster> EventAdjustedForecaster::clone() const {
  return std::make_unique<EventAdjustedForecaster>(*this);
}

void EventAdjustedForecaster::fit(std::span<const SeriesPoint> history) {
  std::vector<SeriesPoint> base(history.begin(), history.end());
  for (SeriesPoint& p : base) {
    p = withoutEvents(p);
  }
  inner_->fit(base);
}

void EventAdjustedForecaster::observe(const SeriesPoint& point) {
  inner_->observe(withoutEvents(point));
}

QuantileForecast EventAdjustedForecaster::forecast(int horizon,
                                                   std::span<const SeriesPoint> future_calendar) {
  QuantileForecast f = inner_->forecast(horizon, future_calendar);
  for (std::size_t h = 0; h < f.values.size() && h < future_calendar.size(); ++h) {
    const double m = usable(future_calendar[h].event_multiplier);
    for (double& v : f.values[h]) {
      v *= m;
    }
  }
  return f;
}

}  // namespace shadowscale
