#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/forecaster.h"

namespace shadowscale {

// Makes any forecaster prepare for announced special events. The series it hands the wrapped
// model is the base traffic: each interval's value divided by the multiplier its announced
// events were expected to bring (SeriesPoint::event_multiplier), so a launch neither drags the
// model's level up afterwards nor teaches its season a spike. A forecast is the model's base
// forecast times the multiplier announced for each step ahead (from the future calendar).
class EventAdjustedForecaster final : public Forecaster {
 public:
  // Throws std::invalid_argument for a null model.
  explicit EventAdjustedForecaster(std::unique_ptr<Forecaster> inner);
  EventAdjustedForecaster(const EventAdjustedForecaster& other);
  EventAdjustedForecaster& operator=(const EventAdjustedForecaster&) = delete;

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

  // The wrapped model.
  const Forecaster& inner() const { return *inner_; }

 private:
  std::unique_ptr<Forecaster> inner_;
};

// The interval with its announced events taken out of its value.
SeriesPoint withoutEvents(const SeriesPoint& point);

}  // namespace shadowscale
