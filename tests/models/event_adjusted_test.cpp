#include "models/event_adjusted.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "models/baselines.h"
#include "models/series.h"

namespace shadowscale {
namespace {

constexpr TimeNs kStart = 1'600'000'000 * kSecond;

BaselineOptions options() {
  BaselineOptions o;
  o.max_horizon = 3;
  return o;
}

TEST(EventAdjusted, TheModelSeesTheBaseTrafficAndForecastsCarryAnnouncedEvents) {
  // 100 a bucket, tripled by an announced event over the last two buckets of the history.
  std::vector<SeriesPoint> s = makeSeries(std::vector<double>(10, 100.0), kStart, kMinute).points;
  for (std::size_t i = 8; i < 10; ++i) {
    s[i].value = 300;
    s[i].event = true;
    s[i].event_multiplier = 3;
  }
  EventAdjustedForecaster f(std::make_unique<LastValueForecaster>(options()));
  f.fit(s);
  // Without announced events ahead, the forecast is the base level, not the event's peak.
  EXPECT_DOUBLE_EQ(f.forecast(1, {}).median(0), 100.0);
  // With an event announced for the second step ahead, that step is multiplied.
  std::vector<SeriesPoint> ahead(3);
  ahead[1].event_multiplier = 2.5;
  const QuantileForecast q = f.forecast(3, ahead);
  EXPECT_DOUBLE_EQ(q.median(0), 100.0);
  EXPECT_DOUBLE_EQ(q.median(1), 250.0);
  EXPECT_DOUBLE_EQ(q.median(2), 100.0);
  // Observed intervals are deflated the same way.
  SeriesPoint next = s.back();
  next.t += kMinute;
  next.value = 240;
  next.event_multiplier = 2.0;
  f.observe(next);
  EXPECT_DOUBLE_EQ(f.forecast(1, {}).median(0), 120.0);
}

TEST(EventAdjusted, IgnoresMultipliersThatAreNotPositive) {
  SeriesPoint p;
  p.value = 50;
  p.event_multiplier = 0;
  EXPECT_DOUBLE_EQ(withoutEvents(p).value, 50.0);
  EXPECT_THROW(EventAdjustedForecaster(nullptr), std::invalid_argument);
}

}  // namespace
}  // namespace shadowscale
