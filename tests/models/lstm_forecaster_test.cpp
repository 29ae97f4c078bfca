#include "models/lstm_forecaster.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/input_error.h"
#include "models/series.h"

namespace shadowscale {
namespace {

// A file name in the temporary directory that no other test process (another checkout's suite
// running at the same time, say) uses.
std::filesystem::path uniqueTempPath(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("shadowscale-" + std::to_string(getpid()) + "-" + name);
}

// Small, fast settings: hourly intervals (a day is 24 steps, a week 168).
LstmOptions smallOptions(std::uint64_t seed = 7) {
  LstmOptions o;
  o.interval = kHour;
  o.window = 12;
  o.horizon = 4;
  o.hidden = 16;
  o.head_hidden = 16;
  o.batch_size = 32;
  o.max_epochs = 60;
  o.patience = 8;
  o.learning_rate = 1e-2;
  o.seed = seed;
  return o;
}

// A daily sine wave (plus a constant), hourly, for `days` days.
std::vector<SeriesPoint> sine(int days) {
  std::vector<double> v;
  for (int t = 0; t < days * 24; ++t) {
    v.push_back(100 + 60 * std::sin(2 * std::numbers::pi * t / 24.0));
  }
  return makeSeries(v, 1'600'000'000 * kSecond, kHour).points;
}

TEST(LstmForecasterTest, ForecastHasOneRowPerStepAndOrderedQuantiles) {
  LstmOptions o = smallOptions();
  o.max_epochs = 2;
  LstmForecaster f(o);
  f.train(sine(20));
  const QuantileForecast q = f.forecast(3, {});
  ASSERT_EQ(q.horizon(), 3);
  ASSERT_EQ(q.quantiles, (std::vector<double>{0.1, 0.5, 0.9}));
  for (const auto& row : q.values) {
    ASSERT_EQ(row.size(), 3u);
    EXPECT_LE(row[0], row[1]);
    EXPECT_LE(row[1], row[2]);
    EXPECT_GE(row[0], 0.0);
  }
  const LstmInputs in = f.currentInputs({});
  EXPECT_EQ(in.past.size(), static_cast<std::size_t>(12 * kPastFeatureCount));
  EXPECT_EQ(in.future.size(), static_cast<std::size_t>(4 * kFutureFeatureCount));
  EXPECT_EQ(f.run(in).size(), 4u);
  EXPECT_THROW(f.forecast(5, {}), std::invalid_argument);
}

TEST(LstmForecasterTest, LearnsASineWaveToLowLoss) {
  LstmForecaster f(smallOptions());
  const TrainingReport r = f.train(sine(30));
  ASSERT_FALSE(r.epochs.empty());
  // Pinball loss in normalised log space: the first epoch is far off, the best is close to
  // the noise-free wave.
  EXPECT_LT(r.best_validation_loss, 0.25 * r.epochs.front().validation_loss);
  EXPECT_LT(r.best_validation_loss, 0.03);
  // The next steps of the wave, in its own units.
  const std::vector<SeriesPoint> next = sine(31);
  const QuantileForecast q = f.forecast(4, std::span<const SeriesPoint>(next).subspan(30 * 24, 4));
  for (int h = 0; h < 4; ++h) {
    const double actual = next[30 * 24 + static_cast<std::size_t>(h)].value;
    EXPECT_NEAR(q.median(h), actual, 0.1 * actual) << "step " << h + 1;
  }
}

TEST(LstmForecasterTest, SameSeedSameWeightsOtherSeedOtherWeights) {
  LstmOptions o = smallOptions(11);
  o.max_epochs = 3;
  LstmForecaster a(o), b(o);
  a.train(sine(20));
  b.train(sine(20));
  const auto wa = a.weights(), wb = b.weights();
  ASSERT_EQ(wa.size(), wb.size());
  for (std::size_t i = 0; i < wa.size(); ++i) {
    EXPECT_EQ(wa[i].name, wb[i].name);
    EXPECT_EQ(wa[i].data, wb[i].data) << wa[i].name;
  }
  o.seed = 12;
  LstmForecaster c(o);
  c.train(sine(20));
  EXPECT_NE(wa.front().data, c.weights().front().data);
}

TEST(LstmForecasterTest, SavedModelForecastsTheSame) {
  LstmOptions o = smallOptions();
  o.max_epochs = 3;
  LstmForecaster f(o);
  f.setSource("sine");
  f.train(sine(20));
  const auto path = uniqueTempPath("lstm_test_model.pt");
  f.save(path.string());
  LstmForecaster g = LstmForecaster::load(path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(g.info().source, "sine");
  EXPECT_DOUBLE_EQ(g.info().norm_mean, f.info().norm_mean);
  const QuantileForecast a = f.forecast(4, {}), b = g.forecast(4, {});
  EXPECT_EQ(a.values, b.values);
  // And they move on together.
  const SeriesPoint p = stepCalendar(sine(20).back(), kHour, 1);
  SeriesPoint q = p;
  q.value = 130;
  f.observe(q);
  g.observe(q);
  EXPECT_EQ(f.forecast(2, {}).values, g.forecast(2, {}).values);
}

TEST(LstmForecasterTest, LoadRejectsFilesThatAreNotModels) {
  const auto path = uniqueTempPath("not_a_model.pt");
  {
    std::ofstream out(path);
    out << "hello";
  }
  try {
    LstmForecaster::load(path.string());
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos);
  }
  std::filesystem::remove(path);
}

TEST(LstmForecasterTest, CloneIsIndependentOfTheOriginal) {
  LstmOptions o = smallOptions();
  o.max_epochs = 2;
  LstmForecaster f(o);
  f.train(sine(20));
  std::unique_ptr<Forecaster> c = f.clone();
  const QuantileForecast before = f.forecast(4, {});
  SeriesPoint p = stepCalendar(sine(20).back(), kHour, 1);
  p.value = 1000;
  c->observe(p);
  EXPECT_EQ(f.forecast(4, {}).values, before.values);
  EXPECT_NE(c->forecast(4, {}).values, before.values);
}

TEST(LstmForecasterTest, TrafficTenTimesLargerGetsAForecastTenTimesLarger) {
  // Trained on a wave around 100; then shown eight more days of it, once as it is and once ten
  // times larger (a level it never saw): the network reads levels relative to the last value, so
  // its forecast follows the traffic's scale instead of pulling back towards the training level.
  LstmOptions o = smallOptions();
  o.max_epochs = 3;
  LstmForecaster f(o);
  const std::vector<SeriesPoint> history = sine(28);
  f.train(std::span<const SeriesPoint>(history).first(20 * 24));
  std::unique_ptr<Forecaster> same = f.clone();
  std::unique_ptr<Forecaster> larger = f.clone();
  for (std::size_t i = 20 * 24; i < history.size(); ++i) {
    same->observe(history[i]);
    SeriesPoint p = history[i];
    p.value *= 10;
    larger->observe(p);
  }
  const QuantileForecast a = same->forecast(4, {});
  const QuantileForecast b = larger->forecast(4, {});
  for (int h = 0; h < 4; ++h) {
    EXPECT_NEAR(b.median(h) / a.median(h), 10.0, 0.5) << "step " << h + 1;
  }
}

TEST(LstmForecasterTest, MissingInputsAreStoodInByTheValueADayEarlier) {
  LstmOptions o = smallOptions();
  o.max_epochs = 2;
  LstmForecaster f(o);
  const std::vector<SeriesPoint> s = sine(21);
  f.train(std::span<const SeriesPoint>(s).first(20 * 24));
  SeriesPoint gap = s[20 * 24];
  gap.missing = true;
  gap.value = 0;
  f.observe(gap);
  const LstmInputs in = f.currentInputs({});
  const float* last = in.past.data() + (o.window - 1) * kPastFeatureCount;
  EXPECT_FLOAT_EQ(last[1], 1.0f);     // flagged
  EXPECT_FLOAT_EQ(last[0], last[2]);  // value == its own daily lag
}

TEST(LstmForecasterTest, TooShortHistoryIsRejected) {
  LstmForecaster f(smallOptions());
  EXPECT_THROW(f.train(sine(5)), std::invalid_argument);
  EXPECT_THROW(f.forecast(1, {}), std::logic_error);
}

}  // namespace
}  // namespace shadowscale
