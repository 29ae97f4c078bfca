#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/forecaster.h"

namespace shadowscale {

// Features of each past step fed to the LSTM encoder, in this order.
inline constexpr int kPastFeatureCount = 8;
// Features of each future step fed to the multi-horizon head, in this order.
inline constexpr int kFutureFeatureCount = 7;

// 1 for the features that carry a traffic level (the values and their lags), which the network
// reads relative to the last value; 0 for flags and calendar features.
inline constexpr std::array<float, kPastFeatureCount> kPastLevelFeatures{1, 0, 1, 0, 0, 0, 0, 0};
inline constexpr std::array<float, kFutureFeatureCount> kFutureLevelFeatures{1, 1, 0, 0, 0, 0, 0};

// Calendar and event features of one interval: time of day and day of week as points on a
// circle, so 23:55 sits next to 00:00 and Sunday next to Monday.
struct CalendarFeatures {
  float tod_sin = 0, tod_cos = 1, dow_sin = 0, dow_cos = 1, event = 0;
};

// The calendar features of a point (day-of-week phase includes the time of day).
CalendarFeatures calendarFeatures(const SeriesPoint& p);

// Names of the past-step features, in input order (documented in docs/forecasting.md).
std::vector<std::string> pastFeatureNames();
// Names of the future-step features, in input order.
std::vector<std::string> futureFeatureNames();

// The sizes the features depend on.
struct LstmShape {
  int window = 24;           // past steps fed to the encoder
  int horizon = 12;          // future steps forecast at once
  int daily_period = 288;    // intervals in a day
  int weekly_period = 2016;  // intervals in a week

  // Intervals of history the features reach back to; shorter histories use stand-ins.
  int context() const {
    return window + daily_period > weekly_period ? window + daily_period : weekly_period;
  }
};

// Network inputs for one forecast origin, row-major: past[window][kPastFeatureCount],
// future[horizon][kFutureFeatureCount].
struct LstmInputs {
  int window = 0;
  int horizon = 0;
  std::vector<float> past;
  std::vector<float> future;
};

// Builds the inputs for the origin right after `values`.
//   values:  normalised log1p values of the intervals before the origin, oldest first, with
//            stand-ins where missing (the last `context()` suffice);
//   missing: 1 where the value is a stand-in (same length as values);
//   past_calendar: the calendars of the last min(window, size) of those intervals;
//   future_calendar: the calendars of the `horizon` intervals to forecast.
// Lags that reach before the history fall back: weekly lag -> daily lag -> last value; past
// steps before the history repeat the first value, flagged missing.
void buildLstmInputs(const LstmShape& shape, std::span<const float> values,
                     std::span<const std::uint8_t> missing,
                     std::span<const CalendarFeatures> past_calendar,
                     std::span<const CalendarFeatures> future_calendar, float* past_out,
                     float* future_out);

}  // namespace shadowscale
