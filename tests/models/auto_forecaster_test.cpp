#include "models/auto_forecaster.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>

#include "core/rng.h"
#include "models/baselines.h"
#include "models/series.h"

namespace shadowscale {
namespace {

constexpr TimeNs kStart = 1'600'000'000 * kSecond;

BaselineOptions options(int max_horizon = 4) {
  BaselineOptions o;
  o.max_horizon = max_horizon;
  return o;
}

std::vector<SeriesPoint> series(const std::vector<double>& v) {
  return makeSeries(v, kStart, 5 * kMinute).points;
}

// Last value and a seasonal naive of period `period`.
AutoForecaster lastValueOrSeasonal(int period, AutoOptions o = {}) {
  std::vector<std::unique_ptr<Forecaster>> members;
  members.push_back(std::make_unique<LastValueForecaster>(options()));
  members.push_back(std::make_unique<SeasonalNaiveForecaster>(period, "seasonal", options()));
  return AutoForecaster(std::move(members), o);
}

TEST(AutoForecasterTest, FollowsTheSeasonalMemberOnASeasonalSeries) {
  std::vector<double> v;
  for (int i = 0; i < 400; ++i) {
    v.push_back(100 + 50 * ((i % 10) < 5 ? 1 : -1));  // a square wave of period 10
  }
  AutoOptions o;
  o.fit_tail = 100;
  AutoForecaster f = lastValueOrSeasonal(10, o);
  f.fit(series(v));
  for (int h = 0; h < 4; ++h) {
    const std::vector<double> w = f.weights(h);
    EXPECT_GT(w[1], 0.999) << "step " << h + 1;
  }
  const QuantileForecast q = f.forecast(4, {});
  for (int h = 0; h < 4; ++h) {
    EXPECT_NEAR(q.median(h), v[static_cast<std::size_t>(400 + h - 10)], 1e-6);
  }
}

TEST(AutoForecasterTest, DropsAMemberFarWorseThanTheBest) {
  // A random walk: last value is the right model, the value 50 steps ago a poor one.
  Rng rng(4);
  std::vector<double> v{1000};
  for (int i = 1; i < 600; ++i) {
    v.push_back(v.back() + 20 * rng.normal());
  }
  AutoOptions o;
  o.fit_tail = 300;
  AutoForecaster f = lastValueOrSeasonal(50, o);
  f.fit(series(v));
  EXPECT_DOUBLE_EQ(f.weights(0)[0], 1.0);
  EXPECT_DOUBLE_EQ(f.weights(0)[1], 0.0);
  EXPECT_DOUBLE_EQ(f.forecast(1, {}).median(0), v.back());
}

TEST(AutoForecasterTest, WeightsMembersByTheirErrorToThePowerChosen) {
  // A ramp of 10 per step: last value misses by 10 at step 1, the value two steps back by 20.
  std::vector<double> v;
  for (int i = 0; i < 300; ++i) {
    v.push_back(1000 + 10 * i);
  }
  AutoOptions o;
  o.fit_tail = 100;
  AutoForecaster cubed = lastValueOrSeasonal(2, o);  // the default power, 3
  cubed.fit(series(v));
  EXPECT_NEAR(cubed.weights(0)[0], 8.0 / 9.0, 1e-9);
  EXPECT_NEAR(cubed.weights(0)[1], 1.0 / 9.0, 1e-9);
  o.weight_power = 2;
  AutoForecaster squared = lastValueOrSeasonal(2, o);
  squared.fit(series(v));
  EXPECT_NEAR(squared.weights(0)[0], 4.0 / 5.0, 1e-9);
  EXPECT_NEAR(squared.forecast(1, {}).median(0), 0.8 * v.back() + 0.2 * v[v.size() - 2], 1e-6);
}

TEST(AutoForecasterTest, SharesWeightWhenEveryMemberIsPerfect) {
  AutoOptions o;
  o.fit_tail = 50;
  AutoForecaster f = lastValueOrSeasonal(3, o);
  f.fit(series(std::vector<double>(120, 42.0)));
  EXPECT_DOUBLE_EQ(f.weights(0)[0], 0.5);
  EXPECT_DOUBLE_EQ(f.weights(0)[1], 0.5);
  EXPECT_DOUBLE_EQ(f.forecast(1, {}).median(0), 42.0);
}

TEST(AutoForecasterTest, RejectsAWeightPowerOutOfRange) {
  for (double p : {0.0, -1.0, 9.0, std::nan("")}) {
    AutoOptions o;
    o.weight_power = p;
    EXPECT_THROW(lastValueOrSeasonal(2, o), std::invalid_argument) << p;
  }
}

TEST(AutoForecasterTest, LeavesOutMembersTheHistoryCannotFitYet) {
  std::vector<double> v(150, 10.0);
  AutoOptions o;
  o.fit_tail = 100;
  AutoForecaster f = lastValueOrSeasonal(200, o);
  EXPECT_EQ(f.minHistory(), 1u);
  f.fit(series(v));
  EXPECT_DOUBLE_EQ(f.weights(0)[1], 0.0);
  EXPECT_DOUBLE_EQ(f.forecast(2, {}).median(1), 10.0);
  std::vector<double> longer(500, 10.0);
  f.fit(series(longer));  // now the seasonal member fits and scores too
  EXPECT_GT(f.weights(0)[1], 0.0);
}

TEST(AutoForecasterTest, ACloneScoresApartFromTheOriginal) {
  std::vector<double> v;
  for (int i = 0; i < 300; ++i) {
    v.push_back(100 + (i % 7));
  }
  AutoOptions o;
  o.fit_tail = 50;
  AutoForecaster f = lastValueOrSeasonal(7, o);
  f.fit(series(std::vector<double>(v.begin(), v.begin() + 200)));
  const std::vector<double> before = f.weights(0);
  auto copy = f.clone();
  const auto s = series(v);
  for (std::size_t i = 200; i < 300; ++i) {
    copy->observe(s[i]);
  }
  EXPECT_EQ(f.weights(0), before);
  EXPECT_DOUBLE_EQ(f.forecast(1, {}).median(0), v[200 - 7]);
}

TEST(AutoForecasterTest, RejectsMembersThatDoNotShareTheirInterval) {
  BaselineOptions other = options();
  other.interval = 10 * kMinute;
  std::vector<std::unique_ptr<Forecaster>> members;
  members.push_back(std::make_unique<LastValueForecaster>(options()));
  members.push_back(std::make_unique<LastValueForecaster>(other));
  EXPECT_THROW(AutoForecaster(std::move(members)), std::invalid_argument);
  EXPECT_THROW(AutoForecaster({}), std::invalid_argument);
}

}  // namespace
}  // namespace shadowscale
