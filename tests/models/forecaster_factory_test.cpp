#include "models/forecaster_factory.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/input_error.h"
#include "core/policies/predictive.h"
#include "models/auto_forecaster.h"
#include "models/baselines.h"
#include "models/conformal.h"
#include "models/event_adjusted.h"
#include "models/lstm_forecaster.h"
#include "models/series.h"

namespace shadowscale {
namespace {

constexpr TimeNs kInterval = 5 * kMinute;

// `days` of 5-minute counts with a daily shape: low at night, a peak in the afternoon.
std::vector<SeriesPoint> dailySeries(int days) {
  std::vector<double> v;
  for (int i = 0; i < days * 288; ++i) {
    const double hour = (i % 288) / 12.0;
    v.push_back(1000 + 800 * std::sin((hour - 9) / 24 * 2 * M_PI));
  }
  return makeSeries(v, daysFromCivil(2024, 3, 4) * kDay, kInterval).points;
}

std::string errorOf(const ForecasterSpec& spec) {
  try {
    makeForecaster(spec);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(ForecasterFactory, BuildsEachKindWithTheSpecsSettings) {
  std::vector<std::unique_ptr<Forecaster>> models;
  ForecasterSpec spec;
  spec.interval = 10 * kMinute;
  spec.quantiles = {0.05, 0.5, 0.95};
  spec.horizon = 7;
  for (const std::string& kind : forecasterKinds()) {
    spec.kind = kind;
    const auto f = makeForecaster(spec);
    ASSERT_NE(f, nullptr) << kind;
    EXPECT_EQ(f->interval(), 10 * kMinute) << kind;
    EXPECT_EQ(f->quantileLevels(), spec.quantiles) << kind;
    EXPECT_EQ(f->maxHorizon(), 7) << kind;
  }
  // Each kind comes wrapped in the conformal calibration of its quantiles.
  auto model = [&](const std::string& kind) -> const Forecaster& {
    spec.kind = kind;
    models.push_back(makeForecaster(spec));
    const auto* calibrated = dynamic_cast<const ConformalForecaster*>(models.back().get());
    EXPECT_NE(calibrated, nullptr) << kind;
    const auto* events = dynamic_cast<const EventAdjustedForecaster*>(&calibrated->inner());
    EXPECT_NE(events, nullptr) << kind;
    return events->inner();
  };
  const Forecaster& day = model("seasonal-naive-day");
  EXPECT_EQ(day.name(), "seasonal-naive-day");
  ASSERT_NE(dynamic_cast<const SeasonalNaiveForecaster*>(&day), nullptr);
  EXPECT_EQ(dynamic_cast<const SeasonalNaiveForecaster&>(day).period(), 144);
  EXPECT_EQ(dynamic_cast<const SeasonalNaiveForecaster&>(model("seasonal-naive-week")).period(),
            7 * 144);
  EXPECT_EQ(model("holt-winters").name(), "holt-winters");
  EXPECT_NE(dynamic_cast<const LastValueForecaster*>(&model("last-value")), nullptr);
  EXPECT_EQ(model("lstm").name(), "lstm");
  // auto-lstm is auto with the LSTM as its last member.
  const auto* with_lstm = dynamic_cast<const AutoForecaster*>(&model("auto-lstm"));
  ASSERT_NE(with_lstm, nullptr);
  EXPECT_EQ(with_lstm->name(), "auto-lstm");
  EXPECT_EQ(with_lstm->memberNames().back(), "lstm");
  EXPECT_EQ(dynamic_cast<const AutoForecaster&>(model("auto")).memberNames().size() + 1,
            with_lstm->memberNames().size());
}

TEST(ForecasterFactory, TheDailySeasonalNaiveRepeatsYesterday) {
  ForecasterSpec spec;
  spec.kind = "seasonal-naive-day";
  const auto f = makeForecaster(spec);
  const auto s = dailySeries(3);
  f->fit(std::span<const SeriesPoint>(s).first(2 * 288));
  const QuantileForecast q = f->forecast(12, {});
  for (int h = 0; h < 12; ++h) {
    EXPECT_DOUBLE_EQ(q.median(h), s[static_cast<std::size_t>(288 + h)].value);
  }
}

TEST(ForecasterFactory, RejectsBadSpecsNamingTheField) {
  ForecasterSpec spec;
  spec.kind = "prophet";
  const std::string unknown = errorOf(spec);
  EXPECT_NE(unknown.find("forecaster.kind: unknown forecaster \"prophet\""), std::string::npos)
      << unknown;
  EXPECT_NE(unknown.find("\"holt-winters\""), std::string::npos) << unknown;

  spec.kind = "holt-winters";
  spec.interval = 7 * kMinute;
  EXPECT_NE(errorOf(spec).find("forecaster.interval: 7 min does not divide a day"),
            std::string::npos)
      << errorOf(spec);
  spec.interval = 0;
  EXPECT_NE(errorOf(spec).find("forecaster.interval"), std::string::npos);
  spec.interval = kInterval;
  spec.quantiles = {0.1, 0.9};
  EXPECT_NE(errorOf(spec).find("forecaster.quantiles: quantile levels must include 0.5"),
            std::string::npos)
      << errorOf(spec);
  spec.quantiles = {0.1, 0.5, 0.9};
  spec.horizon = 0;
  EXPECT_NE(errorOf(spec).find("forecaster.horizon"), std::string::npos);
  spec.horizon = 12;
  spec.model_path = "model.pt";
  EXPECT_NE(errorOf(spec).find("forecaster.model_path: only an \"lstm\" forecaster"),
            std::string::npos)
      << errorOf(spec);
  spec.kind = "lstm";
  spec.model_path = "/nonexistent/model.pt";
  EXPECT_NE(errorOf(spec).find("/nonexistent/model.pt"), std::string::npos) << errorOf(spec);
  spec.model_path.clear();
  spec.lstm_epochs = 0;
  EXPECT_NE(errorOf(spec).find("forecaster.lstm_epochs"), std::string::npos);
}

TEST(ForecasterFactory, LoadsASavedLstmAndChecksItsInterval) {
  LstmOptions options;
  options.max_epochs = 1;
  options.hidden = 8;
  options.head_hidden = 8;
  LstmForecaster trained(options);
  const auto s = dailySeries(10);  // the LSTM reads a week of context
  trained.fit(s);
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("forecaster_factory_test_" +
       std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".pt");
  trained.save(path.string());

  ForecasterSpec spec;
  spec.kind = "lstm";
  spec.model_path = path.string();
  const auto loaded = makeForecaster(spec);
  EXPECT_EQ(loaded->name(), "lstm");
  // Loaded with its state: it forecasts what the trained model does.
  const QuantileForecast a = trained.forecast(3, {});
  const QuantileForecast b = loaded->forecast(3, {});
  for (int h = 0; h < 3; ++h) {
    EXPECT_NEAR(a.median(h), b.median(h), 1e-3);
  }

  spec.interval = 15 * kMinute;
  const std::string mismatch = errorOf(spec);
  EXPECT_NE(mismatch.find(path.string() + ": interval: the model works on 5 min intervals but "
                                          "forecaster.interval is 15 min"),
            std::string::npos)
      << mismatch;
  std::filesystem::remove(path);
}

TEST(ForecasterFactory, BuildsWhatAPredictivePolicyNeeds) {
  // A lead time of 25 minutes and an hour's scale-in window need 19 intervals ahead, more
  // than the spec's default horizon: forecasterSpecFor raises it so the policy accepts it.
  PredictiveConfig config;
  config.startup_delay = 25 * kMinute;
  config.scale_in_window = kHour;
  config.forecaster.kind = "seasonal-naive-day";
  EXPECT_GT(requiredHorizon(config), config.forecaster.horizon);
  EXPECT_THROW(PredictivePolicy(config, makeForecaster(config.forecaster)), InputError);
  PredictivePolicy policy(config, makeForecaster(forecasterSpecFor(config)));
  EXPECT_EQ(policy.kind(), "predictive");
}

TEST(ForecasterFactory, APolicyWithARealForecasterScalesAheadOfTheDailyPeak) {
  // Two days of the daily shape as demand; from the second day the seasonal-naive forecast
  // knows the afternoon peak, so the pool grows before the traffic does.
  PredictiveConfig config;
  config.target = PoolId::kLive;
  config.min_history = kDay;
  config.refit_period = 0;
  PredictivePolicy policy(config, makeForecaster(forecasterSpecFor(config)));
  const auto s = dailySeries(3);
  const Calendar cal(s.front().t, 0);
  auto rate = [&](TimeNs t) { return s[static_cast<std::size_t>(t / kInterval)].value / 300.0; };
  int desired = 1;
  int ahead = 0;
  int behind = 0;
  for (TimeNs t = config.period; t < 2 * kDay; t += config.period) {
    Observation obs;
    obs.now = t;
    obs.window = config.period;
    obs.civil = cal.civil(t);
    obs.demand_rate = rate(t - config.period);
    PoolView& live = obs.pools[0];
    live.enabled = true;
    live.desired = desired;
    live.ready = desired;
    live.configured_capacity_rps = 1.0;  // one instance: 0.7 requests/s at the target
    live.arrival_rate = obs.demand_rate;
    const Decision d = policy.decide(obs);
    desired = *d.instances[0];
    if (t > kDay + kHour) {
      // Compare with what the traffic L ahead needs at the target utilization.
      const double future = rate(t + policy.leadTime());
      const int needed = static_cast<int>(std::ceil(future / 0.7));
      ahead += desired >= needed;
      behind += desired < needed;
    }
  }
  EXPECT_FALSE(policy.telemetry()->warming_up);
  EXPECT_EQ(behind, 0);
  EXPECT_GT(ahead, 1000);
}

}  // namespace
}  // namespace shadowscale
