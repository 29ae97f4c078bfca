#include "models/backtest.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "models/baselines.h"
#include "models/series.h"

namespace shadowscale {
namespace {

std::vector<SeriesPoint> series(const std::vector<double>& values) {
  return makeSeries(values, 1'600'000'000 * kSecond, 5 * kMinute).points;
}

TEST(MetricsTest, PinballLossFollowsTheDefinition) {
  EXPECT_DOUBLE_EQ(pinballLoss(20, 16, 0.9), 0.9 * 4);
  EXPECT_DOUBLE_EQ(pinballLoss(10, 22, 0.9), 0.1 * 12);
  EXPECT_DOUBLE_EQ(pinballLoss(5, 5, 0.9), 0.0);
}

TEST(MetricsTest, BothZeroIsAPerfectSmape) {
  ScoreAccumulator a(0.9);
  a.add(0, 0, 0);
  a.add(10, 30, 40);  // 200 * 20 / 40 = 100
  const HorizonScore s = a.finish(1, 2.0, 4.0);
  EXPECT_DOUBLE_EQ(s.smape, 50);
  EXPECT_DOUBLE_EQ(s.mae, 10);
  EXPECT_DOUBLE_EQ(s.mase, 5);
  EXPECT_DOUBLE_EQ(s.mase_reference, 2.5);
  EXPECT_DOUBLE_EQ(s.coverage, 1.0);
}

TEST(MetricsTest, MaseScaleSkipsPairsWithAMissingEnd) {
  const std::vector<SeriesPoint> s = series({1, 5, 2, NAN, 4, 9});
  // Pairs (t, t-2): |2-1| = 1, |4-2| = 2; the two with the missing bucket are left out.
  EXPECT_DOUBLE_EQ(maseScale(s, 2, true), 1.5);
  // Counting the missing bucket with its stored sum (0): (1 + 5 + 2 + 9) / 4.
  EXPECT_DOUBLE_EQ(maseScale(s, 2, false), 4.25);
}

// Ten buckets, 60% training: the last-value forecaster scored by hand (see the comments).
TEST(BacktestTest, MetricsMatchAHandComputedCase) {
  const std::vector<SeriesPoint> s = series({10, 12, 11, 13, 12, 14, 20, 10, 15, 5});
  BaselineOptions bo;
  bo.quantiles = {0.5, 0.9};
  bo.max_horizon = 2;
  std::vector<std::unique_ptr<Forecaster>> fs;
  fs.push_back(std::make_unique<LastValueForecaster>(bo));
  BacktestOptions o;
  o.train_fraction = 0.6;
  o.horizons = {1, 2};
  o.mase_period = 2;
  const BacktestResult r = runBacktest(s, fs, o);
  EXPECT_EQ(r.train, 6u);
  EXPECT_EQ(r.test, 4u);
  // Training pairs (t, t-2): |11-10|, |13-12|, |12-11|, |14-13| -> 1.
  EXPECT_DOUBLE_EQ(r.mase_scale, 1.0);
  ASSERT_EQ(r.forecasters.size(), 1u);
  const auto& h = r.forecasters[0].horizons;
  ASSERT_EQ(h.size(), 2u);
  // Upper-quantile offsets from training residuals: horizon 1 {2,-1,2,-1,2} -> q0.9 = 2;
  // horizon 2 {1,1,1,1} -> 1.
  // Horizon 1: (y, f, q) = (20,14,16) (10,20,22) (15,10,12) (5,15,17).
  EXPECT_EQ(h[0].count, 4u);
  EXPECT_DOUBLE_EQ(h[0].mae, 31.0 / 4);
  EXPECT_DOUBLE_EQ(h[0].mase, 31.0 / 4);
  EXPECT_NEAR(h[0].smape, (200.0 * 6 / 34 + 200.0 * 10 / 30 + 200.0 * 5 / 25 + 100) / 4, 1e-12);
  EXPECT_NEAR(h[0].pinball, (3.6 + 1.2 + 2.7 + 1.2) / 4, 1e-12);
  EXPECT_DOUBLE_EQ(h[0].coverage, 0.5);
  // Horizon 2: (10,14,15) (15,20,21) (5,10,11); the last origin's target is past the end.
  EXPECT_EQ(h[1].count, 3u);
  EXPECT_DOUBLE_EQ(h[1].mae, 14.0 / 3);
  EXPECT_NEAR(h[1].smape, (200.0 * 4 / 24 + 200.0 * 5 / 35 + 200.0 * 5 / 15) / 3, 1e-12);
  EXPECT_NEAR(h[1].pinball, (0.5 + 0.6 + 0.6) / 3, 1e-12);
  EXPECT_DOUBLE_EQ(h[1].coverage, 1.0);
}

TEST(BacktestTest, MissingTargetsAreNotScored) {
  std::vector<double> v{10, 12, 11, 13, 12, 14, 20, 10, NAN, 5};
  BaselineOptions bo;
  bo.max_horizon = 1;
  std::vector<std::unique_ptr<Forecaster>> fs;
  fs.push_back(std::make_unique<LastValueForecaster>(bo));
  BacktestOptions o;
  o.train_fraction = 0.6;
  o.horizons = {1};
  o.mase_period = 2;
  const BacktestResult r = runBacktest(series(v), fs, o);
  EXPECT_EQ(r.missing_test, 1u);
  const HorizonScore& h = r.forecasters[0].horizons[0];
  // Targets 6, 7, 9; at origin 9 the last observed value is still 10 (8 was missing).
  EXPECT_EQ(h.count, 3u);
  EXPECT_DOUBLE_EQ(h.mae, (6.0 + 10.0 + 5.0) / 3);
}

TEST(BacktestTest, FitSeesOnlyTheTrainingPart) {
  const std::vector<SeriesPoint> s = series({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  std::vector<std::unique_ptr<Forecaster>> fs;
  fs.push_back(std::make_unique<LastValueForecaster>(BaselineOptions{.max_horizon = 1}));
  BacktestOptions o;
  o.train_fraction = 0.7;
  o.horizons = {1};
  o.mase_period = 1;
  std::size_t seen = 0;
  TimeNs last_seen = 0;
  o.fit = [&](Forecaster& f, std::span<const SeriesPoint> train) {
    seen = train.size();
    last_seen = train.back().t;
    f.fit(train);
  };
  runBacktest(s, fs, o);
  EXPECT_EQ(seen, 7u);
  EXPECT_EQ(last_seen, s[6].t);
}

TEST(BacktestTest, EveryScoredForecastIsToldWithItsOrigin) {
  const std::vector<SeriesPoint> s = series({10, 12, 11, 13, 12, 14, 20, 10, 15, 5});
  std::vector<std::unique_ptr<Forecaster>> fs;
  fs.push_back(std::make_unique<LastValueForecaster>(BaselineOptions{.max_horizon = 2}));
  BacktestOptions o;
  o.train_fraction = 0.6;
  o.horizons = {1, 2};
  o.mase_period = 2;
  std::vector<std::size_t> origins;
  std::vector<double> first_steps;
  o.on_forecast = [&](const std::string& name, std::size_t origin, const QuantileForecast& f) {
    EXPECT_EQ(name, "last-value");
    EXPECT_EQ(f.horizon(), 2);
    origins.push_back(origin);
    first_steps.push_back(f.median(0));
  };
  const BacktestResult r = runBacktest(s, fs, o);
  EXPECT_EQ(origins, (std::vector<std::size_t>{6, 7, 8, 9}));
  // Last value: the forecast from origin o is the value just before it.
  EXPECT_EQ(first_steps, (std::vector<double>{14, 20, 10, 15}));
  EXPECT_EQ(r.forecasters[0].forecasts, 4u);
}

TEST(BacktestTest, TableAndJsonCarryEveryForecasterAndHorizon) {
  const std::vector<SeriesPoint> s = series({10, 12, 11, 13, 12, 14, 20, 10, 15, 5});
  std::vector<std::unique_ptr<Forecaster>> fs;
  fs.push_back(std::make_unique<LastValueForecaster>(BaselineOptions{.max_horizon = 2}));
  fs.push_back(std::make_unique<SeasonalNaiveForecaster>(
      2, "sn2", BaselineOptions{.quantiles = {0.5}, .max_horizon = 2}));
  BacktestOptions o;
  o.train_fraction = 0.6;
  o.horizons = {1, 2};
  o.mase_period = 2;
  const BacktestResult r = runBacktest(s, fs, o);
  const std::string table = formatBacktestTable(r);
  EXPECT_NE(table.find("last-value"), std::string::npos);
  EXPECT_NE(table.find("sn2"), std::string::npos);
  EXPECT_NE(table.find("10m"), std::string::npos);
  const Json json = backtestJson(r);
  ASSERT_EQ(json["forecasters"].size(), 2u);
  EXPECT_EQ(json["forecasters"][0]["name"], "last-value");
  EXPECT_EQ(json["forecasters"][1]["name"], "sn2");
  EXPECT_EQ(json["protocol"]["mase_scale"], 1);
  // sn2 has no 0.9 quantile: no pinball loss, written as null (JSON has no NaN).
  EXPECT_TRUE(json["forecasters"][1]["horizons"][0]["pinball"].is_null());
  EXPECT_TRUE(json["forecasters"][0]["horizons"][0]["pinball"].is_number());
  const std::string text = json.dump(2);
  EXPECT_NE(text.find("\"pinball\": null"), std::string::npos);
  // Keys keep the documented order.
  EXPECT_LT(text.find("\"protocol\""), text.find("\"forecasters\""));
  EXPECT_LT(text.find("\"bucket_seconds\""), text.find("\"upper_quantile\""));
}

}  // namespace
}  // namespace shadowscale
