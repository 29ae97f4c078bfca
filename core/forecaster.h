#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/time.h"

namespace shadowscale {

// One interval of an observed series: the per-interval quantity (a request count or a rate), the
// calendar it fell on, and whether a special event covered it.
struct SeriesPoint {
  TimeNs t = 0;          // start of the interval
  double value = 0;      // not to be trusted when `missing`: forecasters use their own stand-in
  CivilTime civil;       // local calendar of `t`
  bool event = false;    // a special event (launch, sale) covers the interval
  bool missing = false;  // no (or incomplete) data for the interval
  // The rate multiplier announced events are expected to bring over the interval (1 = none):
  // forecasters take it out of the history and put it into their forecasts.
  double event_multiplier = 1.0;
};

// Quantile forecasts for the next intervals: values[h][q] is the quantiles[q] quantile of the
// interval h + 1 steps after the last observed one. Quantiles ascend and include 0.5.
struct QuantileForecast {
  std::vector<double> quantiles;
  std::vector<std::vector<double>> values;

  int horizon() const { return static_cast<int>(values.size()); }

  // Index of quantile level `q` (within 1e-9), or -1 when the forecast does not carry it.
  int indexOf(double q) const {
    for (std::size_t i = 0; i < quantiles.size(); ++i) {
      if (quantiles[i] > q - 1e-9 && quantiles[i] < q + 1e-9) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }

  // The median (the point forecast) of step `h` (0-based).
  double median(int h) const { return values[static_cast<std::size_t>(h)][medianIndex()]; }

  // Index of the 0.5 quantile; quantiles must contain it.
  std::size_t medianIndex() const {
    const int i = indexOf(0.5);
    return i < 0 ? quantiles.size() / 2 : static_cast<std::size_t>(i);
  }
};

// A forecaster of a per-interval series with a fixed interval. A predictive policy sees only
// this interface; implementations (baselines, the LSTM) live in models/.
//
// Protocol: fit() on a history (sets both the parameters and the state at the end of the
// history), then observe() each new interval in order, and forecast() any time after fit().
class Forecaster {
 public:
  virtual ~Forecaster() = default;

  // Short stable name used in reports ("seasonal-naive-day", "lstm", ...).
  virtual std::string_view name() const = 0;

  // Length of one interval of the series the forecaster works on.
  virtual TimeNs interval() const = 0;

  // Quantile levels forecast() returns, ascending, with 0.5 among them.
  virtual std::vector<double> quantileLevels() const = 0;

  // Largest horizon forecast() accepts (in intervals).
  virtual int maxHorizon() const = 0;

  // Fewest intervals of history fit() works with. A caller waits for this much history before
  // fitting, so a fit that then fails is a real error (bad settings or data), not a warm-up.
  virtual std::size_t minHistory() const = 0;

  // Learns parameters from `history` (consecutive intervals, oldest first) and leaves the state
  // at its end. Throws std::invalid_argument when the history is shorter than minHistory() or
  // cannot support the model (e.g. too much of it is missing).
  virtual void fit(std::span<const SeriesPoint> history) = 0;

  // Appends the interval following the last one seen; updates the state, not the parameters.
  virtual void observe(const SeriesPoint& point) = 0;

  // Forecasts the next `horizon` intervals. `future_calendar` gives the calendar and event
  // flag of those intervals (values ignored); it may be shorter or empty, in which case the
  // calendar is extrapolated from the last observed interval with no event.
  virtual QuantileForecast forecast(int horizon, std::span<const SeriesPoint> future_calendar) = 0;

  // An independent copy (parameters and state): the feedback loop refits a copy and keeps the
  // last good model until the copy proves itself.
  virtual std::unique_ptr<Forecaster> clone() const = 0;
};

}  // namespace shadowscale
