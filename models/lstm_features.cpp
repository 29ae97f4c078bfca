#include "models/lstm_features.h"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace shadowscale {

CalendarFeatures calendarFeatures(const SeriesPoint& p) {
  const double day_phase = static_cast<double>(p.civil.time_of_day) / static_cast<double>(kDay);
  const double week_phase = (p.civil.day_of_week + day_phase) / 7.0;
  constexpr double kTwoPi = 2.0 * std::numbers::pi;
  CalendarFeatures f;
  f.tod_sin = static_cast<float>(std::sin(kTwoPi * day_phase));
  f.tod_cos = static_cast<float>(std::cos(kTwoPi * day_phase));
  f.dow_sin = static_cast<float>(std::sin(kTwoPi * week_phase));
  f.dow_cos = static_cast<float>(std::cos(kTwoPi * week_phase));
  f.event = p.event ? 1.0f : 0.0f;
  return f;
}

std::vector<std::string> pastFeatureNames() {
  return {"value", "missing", "value_lag_day", "tod_sin", "tod_cos", "dow_sin", "dow_cos", "event"};
}

std::vector<std::string> futureFeatureNames() {
  return {"value_lag_day", "value_lag_week", "tod_sin", "tod_cos", "dow_sin", "dow_cos", "event"};
}

namespace {

void putCalendar(const CalendarFeatures& c, float* out) {
  out[0] = c.tod_sin;
  out[1] = c.tod_cos;
  out[2] = c.dow_sin;
  out[3] = c.dow_cos;
  out[4] = c.event;
}

}  // namespace

void buildLstmInputs(const LstmShape& shape, std::span<const float> values,
                     std::span<const std::uint8_t> missing,
                     std::span<const CalendarFeatures> past_calendar,
                     std::span<const CalendarFeatures> future_calendar, float* past_out,
                     float* future_out) {
  const auto n = static_cast<long>(values.size());
  if (n == 0 || missing.size() != values.size() || past_calendar.empty()) {
    throw std::invalid_argument("buildLstmInputs: empty or inconsistent history");
  }
  if (static_cast<int>(future_calendar.size()) != shape.horizon) {
    throw std::invalid_argument("buildLstmInputs: future calendar must have horizon entries");
  }
  // The most recent index <= n - 1 a whole number of periods before i, or -1.
  auto seasonal = [n](long i, long period) -> long {
    if (period <= 0) {
      return -1;
    }
    const long ahead = i - (n - 1);  // > 0 for future steps
    const long k = ahead > 0 ? (ahead + period - 1) / period : 1;
    return i - k * period;
  };
  const long W = shape.window;
  const auto cal_n = static_cast<long>(past_calendar.size());
  for (long j = 0; j < W; ++j) {
    const long i = n - W + j;
    float* row = past_out + j * kPastFeatureCount;
    const long vi = i < 0 ? 0 : i;
    row[0] = values[static_cast<std::size_t>(vi)];
    row[1] = (i < 0 || missing[static_cast<std::size_t>(vi)]) ? 1.0f : 0.0f;
    const long lag = seasonal(vi, shape.daily_period);
    row[2] = lag >= 0 ? values[static_cast<std::size_t>(lag)] : row[0];
    const long ci = cal_n - W + j;
    putCalendar(past_calendar[static_cast<std::size_t>(ci < 0 ? 0 : ci)], row + 3);
  }
  for (long h = 1; h <= shape.horizon; ++h) {
    const long i = n - 1 + h;
    float* row = future_out + (h - 1) * kFutureFeatureCount;
    const long day = seasonal(i, shape.daily_period);
    row[0] =
        day >= 0 ? values[static_cast<std::size_t>(day)] : values[static_cast<std::size_t>(n - 1)];
    const long week = seasonal(i, shape.weekly_period);
    row[1] = week >= 0 ? values[static_cast<std::size_t>(week)] : row[0];
    putCalendar(future_calendar[static_cast<std::size_t>(h - 1)], row + 2);
  }
}

}  // namespace shadowscale
