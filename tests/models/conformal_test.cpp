#include "models/conformal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "core/rng.h"
#include "models/baselines.h"
#include "models/series.h"

namespace shadowscale {
namespace {

constexpr TimeNs kStart = 1'600'000'000 * kSecond;

BaselineOptions options(int max_horizon) {
  BaselineOptions o;
  o.max_horizon = max_horizon;
  o.quantiles = {0.1, 0.5, 0.9};
  return o;
}

// Multiplicative noise around a level that follows `level(i)`; log-normal with `sigma(i)`.
template <typename Level, typename Sigma>
std::vector<SeriesPoint> noisy(std::size_t n, Level level, Sigma sigma, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = level(i) * std::exp(sigma(i) * rng.normal());
  }
  return makeSeries(v, kStart, 5 * kMinute).points;
}

// Share of the points from `from` on at or below the 0.9 quantile forecast `h` steps earlier.
double coverage(Forecaster& f, const std::vector<SeriesPoint>& s, std::size_t from, int h) {
  std::size_t covered = 0, n = 0;
  for (std::size_t o = from; o + static_cast<std::size_t>(h) <= s.size(); ++o) {
    const QuantileForecast q = f.forecast(h, {});
    const double upper = q.values[static_cast<std::size_t>(h - 1)][2];
    covered += s[o - 1 + static_cast<std::size_t>(h)].value <= upper ? 1 : 0;
    ++n;
    f.observe(s[o]);
  }
  return static_cast<double>(covered) / static_cast<double>(n);
}

TEST(SortedWindowTest, KeepsTheLastValuesAndTheirQuantiles) {
  SortedWindow w(4);
  for (double v : {10.0, 1.0, 3.0, 2.0}) {
    w.push(v);
  }
  EXPECT_DOUBLE_EQ(w.quantile(1.0), 10.0);
  EXPECT_DOUBLE_EQ(w.quantile(0.5), 2.5);
  w.push(4.0);  // drops 10, the oldest, not the largest of what is left
  EXPECT_EQ(w.size(), 4u);
  EXPECT_DOUBLE_EQ(w.quantile(1.0), 4.0);
  EXPECT_DOUBLE_EQ(w.quantile(0.0), 1.0);
  EXPECT_DOUBLE_EQ(w.quantile(0.9), 3.7);  // pos 2.7 of {1, 2, 3, 4}
}

TEST(ConformalTest, RecalibratesQuantilesThatTheNoiseOutgrew) {
  // Calm for ten days, then six times noisier: the model's in-sample quantiles are far too
  // narrow for the second half; the calibrated ones follow within the error window.
  const std::size_t n = 6000;
  const auto s = noisy(
      n, [](std::size_t) { return 500.0; }, [](std::size_t i) { return i < 3000 ? 0.05 : 0.3; }, 7);
  const std::span<const SeriesPoint> train(s.data(), 2900);
  LastValueForecaster raw(options(3));
  raw.fit(train);
  ConformalOptions co;
  co.window = 500;
  co.fit_tail = 200;
  ConformalForecaster calibrated(std::make_unique<LastValueForecaster>(options(3)), co);
  calibrated.fit(train);
  for (std::size_t i = 2900; i < 4000; ++i) {
    raw.observe(s[i]);
    calibrated.observe(s[i]);
  }
  EXPECT_LT(coverage(raw, s, 4000, 3), 0.75);
  EXPECT_NEAR(coverage(calibrated, s, 4000, 3), 0.9, 0.03);
}

TEST(ConformalTest, StaysCalibratedOnASeriesThatGrowsTenfold) {
  const std::size_t n = 8000;
  const auto s = noisy(
      n, [](std::size_t i) { return 50.0 * std::pow(10.0, static_cast<double>(i) / 8000.0); },
      [](std::size_t) { return 0.2; }, 11);
  ConformalForecaster f(std::make_unique<LastValueForecaster>(options(12)));
  f.fit(std::span<const SeriesPoint>(s.data(), 3000));
  for (int h : {1, 12}) {
    ConformalForecaster copy(f);
    EXPECT_NEAR(coverage(copy, s, 3000, h), 0.9, 0.03) << "horizon " << h;
  }
}

TEST(ConformalTest, KeepsTheMedianAndScoresTheFitTailOutOfSample) {
  const auto s = noisy(
      1000, [](std::size_t) { return 100.0; }, [](std::size_t) { return 0.1; }, 3);
  ConformalOptions co;
  co.fit_tail = 150;
  co.min_errors = 10;
  ConformalForecaster f(std::make_unique<LastValueForecaster>(options(4)), co);
  f.fit(s);
  // The model was fitted on all but the tail; each later step has one error fewer.
  EXPECT_EQ(f.errorCount(0), 150u);
  EXPECT_EQ(f.errorCount(3), 147u);
  const QuantileForecast q = f.forecast(4, {});
  for (int h = 0; h < 4; ++h) {
    EXPECT_DOUBLE_EQ(q.median(h), s.back().value);
    EXPECT_LT(q.values[static_cast<std::size_t>(h)][0], q.median(h));
    EXPECT_GT(q.values[static_cast<std::size_t>(h)][2], q.median(h));
  }
}

TEST(ConformalTest, ShortensTheTailWhenTheHistoryIsShort) {
  const auto s = noisy(
      300, [](std::size_t) { return 100.0; }, [](std::size_t) { return 0.1; }, 5);
  // A daily season of 288 intervals leaves 12 intervals to score.
  ConformalForecaster f(
      std::make_unique<SeasonalNaiveForecaster>(288, "seasonal-naive-day", options(2)));
  EXPECT_EQ(f.minHistory(), 288u);
  f.fit(s);
  EXPECT_EQ(f.errorCount(0), 12u);
  EXPECT_THROW(f.fit(std::span<const SeriesPoint>(s.data(), 100)), std::invalid_argument);
}

TEST(ConformalTest, AHistoryThatStartsMissingKeepsAnObservedIntervalToFitOn) {
  // Last value needs one interval; the first three are missing (a run's first interval cut
  // short, say). The fit part grows past them instead of leaving last value nothing to fit.
  auto s = noisy(
      40, [](std::size_t) { return 100.0; }, [](std::size_t) { return 0.1; }, 6);
  for (std::size_t i = 0; i < 3; ++i) {
    s[i].missing = true;
    s[i].value = 0;
  }
  ConformalForecaster f(std::make_unique<LastValueForecaster>(options(2)));
  ASSERT_NO_THROW(f.fit(s));
  EXPECT_EQ(f.errorCount(0), 36u);  // scored on the 36 intervals after the fourth
  EXPECT_DOUBLE_EQ(f.forecast(1, {}).median(0), s.back().value);
  // With nothing observed at all there is still nothing to fit.
  for (SeriesPoint& p : s) {
    p.missing = true;
  }
  EXPECT_THROW(f.fit(s), std::invalid_argument);
}

TEST(ConformalTest, ACloneLearnsApartFromTheOriginal) {
  const auto s = noisy(
      600, [](std::size_t) { return 100.0; }, [](std::size_t) { return 0.1; }, 9);
  ConformalForecaster f(std::make_unique<LastValueForecaster>(options(2)));
  f.fit(std::span<const SeriesPoint>(s.data(), 500));
  const std::size_t before = f.errorCount(0);
  auto copy = f.clone();
  for (std::size_t i = 500; i < 600; ++i) {
    copy->observe(s[i]);
  }
  EXPECT_EQ(f.errorCount(0), before);
  EXPECT_DOUBLE_EQ(f.forecast(1, {}).median(0), s[499].value);
  EXPECT_DOUBLE_EQ(copy->forecast(1, {}).median(0), s[599].value);
}

}  // namespace
}  // namespace shadowscale
