#include "models/baselines.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "models/nelder_mead.h"
#include "models/series.h"

namespace shadowscale {
namespace {

constexpr TimeNs kStart = 1'600'000'000 * kSecond;

std::vector<SeriesPoint> series(const std::vector<double>& values) {
  return makeSeries(values, kStart, 5 * kMinute).points;
}

BaselineOptions options(int max_horizon, std::vector<double> quantiles = {0.5}) {
  BaselineOptions o;
  o.max_horizon = max_horizon;
  o.quantiles = std::move(quantiles);
  return o;
}

TEST(EmpiricalQuantileTest, InterpolatesLinearlyBetweenOrderStatistics) {
  std::vector<double> v{4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(empiricalQuantile(v, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(empiricalQuantile(v, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(empiricalQuantile(v, 1.0), 4.0);
  EXPECT_DOUBLE_EQ(empiricalQuantile(v, 0.9), 3.7);  // pos 2.7: 3 + 0.7 * (4 - 3)
}

TEST(LastValueTest, ForecastsTheLastObservedValueWithResidualQuantiles) {
  LastValueForecaster f(options(2, {0.1, 0.5, 0.9}));
  // Residuals at horizon 1: 2-1, 4-2, 3-4, 5-3 = {1, 2, -1, 2}.
  f.fit(series({1, 2, 4, 3, 5}));
  const QuantileForecast q = f.forecast(2, {});
  ASSERT_EQ(q.horizon(), 2);
  ASSERT_EQ(q.quantiles.size(), 3u);
  EXPECT_DOUBLE_EQ(q.median(0), 5);
  EXPECT_DOUBLE_EQ(q.median(1), 5);
  // Sorted {-1, 1, 2, 2}: 0.1 -> pos 0.3 -> -1 + 0.3 * 2 = -0.4; 0.9 -> pos 2.7 -> 2.
  EXPECT_DOUBLE_EQ(q.values[0][0], 5 - 0.4);
  EXPECT_DOUBLE_EQ(q.values[0][2], 7);
  // Horizon 2 residuals: 4-1, 3-2, 5-4 = {3, 1, 1}: 0.1 -> 1, 0.9 -> pos 1.8 -> 1 + 0.8 * 2.
  // Every residual is positive, so 5 + 1 would put the 0.1 quantile above the median: it is
  // held at the median to keep the quantiles ordered.
  EXPECT_DOUBLE_EQ(q.values[1][0], 5);
  EXPECT_DOUBLE_EQ(q.values[1][2], 5 + 2.6);
}

TEST(LastValueTest, MissingIntervalsKeepTheLastObservedValue) {
  LastValueForecaster f(options(1));
  f.fit(series({3, 8}));
  SeriesPoint p = stepCalendar(series({3, 8}).back(), 5 * kMinute, 1);
  p.missing = true;
  p.value = 0;
  f.observe(p);
  EXPECT_DOUBLE_EQ(f.forecast(1, {}).median(0), 8);
  EXPECT_THROW(f.forecast(2, {}), std::invalid_argument);
}

TEST(SeasonalNaiveTest, RepeatsTheLastSeason) {
  SeasonalNaiveForecaster f(3, "sn3", options(5));
  f.fit(series({1, 2, 3, 10, 20, 30}));
  const QuantileForecast q = f.forecast(5, {});
  const std::vector<double> expected{10, 20, 30, 10, 20};
  for (int h = 0; h < 5; ++h) {
    EXPECT_DOUBLE_EQ(q.median(h), expected[static_cast<std::size_t>(h)]) << "step " << h + 1;
  }
  SeriesPoint p;
  p.value = 40;
  f.observe(p);
  EXPECT_DOUBLE_EQ(f.forecast(1, {}).median(0), 20);
  EXPECT_DOUBLE_EQ(f.forecast(3, {}).median(2), 40);
}

TEST(SeasonalNaiveTest, StandsInForMissingWithTheValueASeasonEarlier) {
  SeasonalNaiveForecaster f(2, "sn2", options(2));
  f.fit(series({5, 7}));
  SeriesPoint missing;
  missing.missing = true;
  missing.value = 0;
  f.observe(missing);  // stands in as 5
  f.observe(missing);  // stands in as 7
  const QuantileForecast q = f.forecast(2, {});
  EXPECT_DOUBLE_EQ(q.median(0), 5);
  EXPECT_DOUBLE_EQ(q.median(1), 7);
}

TEST(SeasonalNaiveTest, ResidualQuantilesComeFromInSampleErrors) {
  SeasonalNaiveForecaster f(2, "sn2", options(1, {0.5, 0.9}));
  // Horizon-1 in-sample residuals y[t] - y[t-2] for t = 2..5: 3-1, 2-2, 6-3, 2-2 = {2, 0, 3, 0}.
  f.fit(series({1, 2, 3, 2, 6, 2}));
  const QuantileForecast q = f.forecast(1, {});
  EXPECT_DOUBLE_EQ(q.median(0), 6);
  // Sorted {0, 0, 2, 3}: 0.9 -> pos 2.7 -> 2 + 0.7 = 2.7.
  EXPECT_DOUBLE_EQ(q.values[0][1], 6 + 2.7);
}

TEST(SeasonalNaiveTest, RejectsHistoryShorterThanThePeriod) {
  SeasonalNaiveForecaster f(4, "sn4", options(1));
  EXPECT_THROW(f.fit(series({1, 2, 3})), std::invalid_argument);
}

TEST(NelderMeadTest, FindsTheRosenbrockMinimum) {
  auto rosenbrock = [](std::span<const double> x) {
    return 100 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1 - x[0], 2);
  };
  const NelderMeadResult r = nelderMead(
      rosenbrock, {-1.2, 1.0}, {.initial_step = 0.5, .tolerance = 1e-14, .max_evaluations = 5000});
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.x[0], 1.0, 1e-3);
  EXPECT_NEAR(r.x[1], 1.0, 2e-3);
}

// A series that is exactly additive Holt-Winters in log1p space with a small noise: level,
// a gently damped trend and a daily shape of 24 steps.
std::vector<double> seasonalSeries(int days, double noise_scale) {
  std::vector<double> v;
  std::uint64_t state = 42;
  for (int t = 0; t < days * 24; ++t) {
    const double season = 0.8 * std::sin(2 * std::numbers::pi * t / 24.0) +
                          0.3 * std::cos(4 * std::numbers::pi * t / 24.0);
    // Deterministic noise in [-1, 1).
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double u = static_cast<double>(state >> 11) * 0x1.0p-53 * 2 - 1;
    v.push_back(std::expm1(5.0 + 0.001 * t + season + noise_scale * u));
  }
  return v;
}

TEST(HoltWintersTest, RecoversAKnownSeasonalSeries) {
  const std::vector<double> values = seasonalSeries(21, 0.02);
  const std::vector<SeriesPoint> all = series(values);
  const std::size_t train = 18 * 24;
  HoltWintersForecaster f(24, options(24, {0.1, 0.5, 0.9}));
  f.fit(std::span<const SeriesPoint>(all).first(train));
  // A stable seasonal pattern needs little seasonal smoothing.
  EXPECT_LT(f.params().gamma, 0.3);
  EXPECT_GE(f.params().phi, HoltWintersForecaster::kPhiMin);
  EXPECT_LE(f.params().phi, HoltWintersForecaster::kPhiMax);
  const QuantileForecast q = f.forecast(24, {});
  double worst = 0;
  for (int h = 0; h < 24; ++h) {
    const double actual = values[train + static_cast<std::size_t>(h)];
    worst = std::max(worst, std::abs(q.median(h) - actual) / actual);
    EXPECT_LE(q.values[static_cast<std::size_t>(h)][0], q.median(h));
    EXPECT_GE(q.values[static_cast<std::size_t>(h)][2], q.median(h));
  }
  // Noise is +-2% in log space; a day ahead the forecast stays within a few percent.
  EXPECT_LT(worst, 0.06);
}

TEST(HoltWintersTest, OneStepErrorMatchesTheNoiseLevel) {
  const std::vector<SeriesPoint> all = series(seasonalSeries(21, 0.02));
  HoltWintersForecaster f(24, options(1));
  f.fit(all);
  // Uniform noise on [-0.02, 0.02) has variance 0.02^2 / 3; the fit should be close to it.
  EXPECT_LT(f.fitMse(), 2.5 * 0.02 * 0.02 / 3);
}

TEST(HoltWintersTest, MissingIntervalsRunOnTheModelsOwnForecast) {
  const std::vector<SeriesPoint> all = series(seasonalSeries(10, 0.0));
  HoltWintersForecaster f(24, options(2));
  f.fit(std::span<const SeriesPoint>(all).first(9 * 24));
  HoltWintersForecaster g = f;
  const double before = f.forecast(2, {}).median(1);
  SeriesPoint gap = all[9 * 24];
  gap.missing = true;
  gap.value = 0;  // a zero here must not drag the level down
  g.observe(gap);
  EXPECT_NEAR(g.forecast(1, {}).median(0), before, 1e-9 * before);
}

TEST(HoltWintersTest, TheMultiStepFitIsScoredOnEveryStepItForecasts) {
  const std::vector<double> values = seasonalSeries(21, 0.02);
  const std::vector<SeriesPoint> all = series(values);
  const std::size_t train = 18 * 24;
  HoltWintersForecaster one(24, options(12));
  HoltWintersForecaster multi(24, options(12), 12);
  EXPECT_EQ(one.name(), "holt-winters");
  EXPECT_EQ(multi.name(), "holt-winters-multistep");
  one.fit(std::span<const SeriesPoint>(all).first(train));
  multi.fit(std::span<const SeriesPoint>(all).first(train));
  // Both recover the series; the multi-step fit is at least as good 12 steps ahead.
  double one_err = 0, multi_err = 0;
  const QuantileForecast a = one.forecast(12, {});
  const QuantileForecast b = multi.forecast(12, {});
  for (int h = 0; h < 12; ++h) {
    const double actual = values[train + static_cast<std::size_t>(h)];
    one_err += std::abs(a.median(h) - actual) / actual;
    multi_err += std::abs(b.median(h) - actual) / actual;
  }
  EXPECT_LT(multi_err / 12, 0.03);
  EXPECT_LT(one_err / 12, 0.03);
  EXPECT_THROW(HoltWintersForecaster(24, options(12), 0), std::invalid_argument);
}

TEST(HoltWintersTest, NeedsThreeSeasons) {
  HoltWintersForecaster f(24, options(1));
  EXPECT_THROW(f.fit(series(seasonalSeries(2, 0.0))), std::invalid_argument);
  EXPECT_THROW(f.forecast(1, {}), std::logic_error);
}

TEST(BaselinesTest, CloneIsIndependent) {
  SeasonalNaiveForecaster f(2, "sn2", options(1));
  f.fit(series({1, 2, 3, 4}));
  std::unique_ptr<Forecaster> c = f.clone();
  SeriesPoint p;
  p.value = 100;
  c->observe(p);
  EXPECT_DOUBLE_EQ(f.forecast(1, {}).median(0), 3);
  EXPECT_DOUBLE_EQ(c->forecast(1, {}).median(0), 4);
}

TEST(BaselinesTest, RejectsQuantilesWithoutAMedian) {
  EXPECT_THROW(LastValueForecaster(options(1, {0.1, 0.9})), std::invalid_argument);
  EXPECT_THROW(LastValueForecaster(options(1, {0.9, 0.5})), std::invalid_argument);
}

}  // namespace
}  // namespace shadowscale
