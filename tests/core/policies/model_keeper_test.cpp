#include "core/policies/model_keeper.h"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "tests/core/policies/fake_forecaster.h"

namespace shadowscale {
namespace {

using testing::FakeForecaster;
using testing::FakeLog;

constexpr TimeNs kInterval = 5 * kMinute;

std::vector<SeriesPoint> series(std::size_t n, double (*value)(std::size_t)) {
  std::vector<SeriesPoint> s(n);
  for (std::size_t i = 0; i < n; ++i) {
    s[i].t = static_cast<TimeNs>(i) * kInterval;
    s[i].value = value(i);
  }
  return s;
}

double constant(std::size_t) {
  return 100;
}
double ramp(std::size_t i) {
  return static_cast<double>(i);
}

// Runs the keeper the way the policy does: fit on the first `fit_n` points, then observe each
// further point and forecast after it.
void feed(ModelKeeper& k, const std::vector<SeriesPoint>& s, std::size_t fit_n) {
  k.fit(std::span<const SeriesPoint>(s).first(fit_n));
  k.forecast(k.backtestHorizon());
  for (std::size_t i = fit_n; i < s.size(); ++i) {
    k.observe(s[i]);
    k.forecast(k.backtestHorizon());
  }
}

TEST(ModelKeeper, ScoresTheModelInUseAtTheBacktestHorizonOverTheSpan) {
  auto log = std::make_shared<FakeLog>();
  auto fake = std::make_unique<FakeForecaster>(kInterval, 12, log);
  fake->biased(0, 0);
  ModelKeeper k(std::move(fake), 3, 20);
  // A last-value forecast of a ramp is off by exactly the horizon.
  const auto s = series(100, ramp);
  feed(k, s, 50);
  EXPECT_EQ(k.scored(), 20u);  // bounded by the span
  EXPECT_DOUBLE_EQ(k.currentMae(), 3.0);
}

TEST(ModelKeeper, DiscardsARefitThatBacktestsWorse) {
  auto log = std::make_shared<FakeLog>();
  auto fake = std::make_unique<FakeForecaster>(kInterval, 12, log);
  fake->biased(5, 20);  // the refitted copy forecasts 20 too high instead of 5
  ModelKeeper k(std::move(fake), 2, 24);
  const auto s = series(96, constant);
  feed(k, s, 48);
  const RefitResult r = k.refit(s);
  EXPECT_FALSE(r.accepted);
  EXPECT_EQ(r.compared, 24u - 1u);  // the span's first target precedes the copy's first origin
  EXPECT_DOUBLE_EQ(r.current_mae, 5.0);
  EXPECT_DOUBLE_EQ(r.candidate_mae, 20.0);
  EXPECT_NE(r.reason.find("worse"), std::string::npos);
  EXPECT_EQ(k.rejected(), 1);
  EXPECT_EQ(k.accepted(), 0);
  // The last good model stays in use, state and all.
  EXPECT_DOUBLE_EQ(k.forecast(1).median(0), 105.0);
}

TEST(ModelKeeper, AcceptsARefitThatBacktestsBetterAndFitsItBeforeTheSpan) {
  auto log = std::make_shared<FakeLog>();
  auto fake = std::make_unique<FakeForecaster>(kInterval, 12, log);
  fake->biased(5, 1);
  ModelKeeper k(std::move(fake), 2, 24);
  const auto s = series(96, constant);
  feed(k, s, 48);
  const RefitResult r = k.refit(s);
  EXPECT_TRUE(r.accepted) << r.reason;
  EXPECT_DOUBLE_EQ(r.current_mae, 5.0);
  EXPECT_DOUBLE_EQ(r.candidate_mae, 1.0);
  EXPECT_EQ(k.accepted(), 1);
  // The copy learnt only from what precedes the validation span, then saw the span.
  EXPECT_EQ(log->last_fit_size, 96u - 24u);
  EXPECT_DOUBLE_EQ(k.forecast(1).median(0), 101.0);
  // Its out-of-sample record on the span is what the next refit is compared against.
  EXPECT_DOUBLE_EQ(k.currentMae(), 1.0);
}

TEST(ModelKeeper, RollsTheCopysOriginThroughTheSpanAtTheBacktestHorizon) {
  // On a ramp a last-value forecast h steps ahead is h too low; a copy biased by +h is exact
  // only if every origin forecasts exactly h steps ahead.
  auto log = std::make_shared<FakeLog>();
  auto fake = std::make_unique<FakeForecaster>(kInterval, 12, log);
  fake->biased(0, 4);
  ModelKeeper k(std::move(fake), 4, 30);
  const auto s = series(120, ramp);
  feed(k, s, 60);
  const RefitResult r = k.refit(s);
  EXPECT_TRUE(r.accepted) << r.reason;
  EXPECT_DOUBLE_EQ(r.current_mae, 4.0);
  EXPECT_DOUBLE_EQ(r.candidate_mae, 0.0);
  EXPECT_EQ(r.compared, 30u - 3u);  // the first h - 1 span targets precede the copy's origins
}

TEST(ModelKeeper, KeepsTheModelWhenTheRefitFails) {
  auto log = std::make_shared<FakeLog>();
  auto fake = std::make_unique<FakeForecaster>(kInterval, 12, log);
  fake->biased(2, 0).failRefits();
  ModelKeeper k(std::move(fake), 1, 10);
  const auto s = series(40, constant);
  feed(k, s, 20);
  const RefitResult r = k.refit(s);
  EXPECT_FALSE(r.accepted);
  EXPECT_NE(r.reason.find("refit fails"), std::string::npos);
  EXPECT_EQ(k.rejected(), 1);
  EXPECT_DOUBLE_EQ(k.forecast(1).median(0), 102.0);
}

TEST(ModelKeeper, DoesNotRefitOnLessHistoryThanTheForecasterNeeds) {
  auto log = std::make_shared<FakeLog>();
  auto fake = std::make_unique<FakeForecaster>(kInterval, 12, log);
  fake->biased(2, 0).needs(20);
  ModelKeeper k(std::move(fake), 1, 10);
  const auto s = series(25, constant);
  feed(k, s, 20);
  const RefitResult r = k.refit(s);  // 15 intervals before the span, 20 needed
  EXPECT_FALSE(r.accepted);
  EXPECT_NE(r.reason.find("fewer than the 20 the forecaster needs"), std::string::npos) << r.reason;
  EXPECT_EQ(log->fits, 1);  // only the first fit; the copy was never tried
}

TEST(ModelKeeper, RejectsWhenNothingCanBeCompared) {
  auto log = std::make_shared<FakeLog>();
  auto fake = std::make_unique<FakeForecaster>(kInterval, 12, log);
  fake->biased(2, 0);
  ModelKeeper k(std::move(fake), 1, 10);
  const auto s = series(30, constant);
  feed(k, s, 30);  // fitted just now: no forecast of the model in use has been scored
  const RefitResult r = k.refit(s);
  EXPECT_FALSE(r.accepted);
  EXPECT_EQ(r.compared, 0u);
  // History no longer than the span.
  const auto short_s = series(10, constant);
  ModelKeeper k2(std::make_unique<FakeForecaster>(kInterval, 12, log), 1, 10);
  k2.fit(short_s);
  EXPECT_FALSE(k2.refit(short_s).accepted);
  EXPECT_EQ(k2.rejected(), 1);
}

TEST(ModelKeeper, MissingIntervalsAreNotScored) {
  auto log = std::make_shared<FakeLog>();
  auto fake = std::make_unique<FakeForecaster>(kInterval, 12, log);
  fake->biased(1, 1);
  ModelKeeper k(std::move(fake), 1, 50);
  auto s = series(40, constant);
  for (std::size_t i = 25; i < 30; ++i) {
    s[i].missing = true;
  }
  feed(k, s, 10);
  EXPECT_EQ(k.scored(), 30u - 5u);
}

TEST(ModelKeeper, RefusesAHistoryThatDoesNotEndWhereTheModelIs) {
  auto log = std::make_shared<FakeLog>();
  ModelKeeper k(std::make_unique<FakeForecaster>(kInterval, 12, log), 1, 5);
  const auto s = series(30, constant);
  feed(k, s, 20);
  EXPECT_THROW(k.refit(std::span<const SeriesPoint>(s).first(25)), std::logic_error);
  EXPECT_THROW(ModelKeeper(nullptr, 1, 5), std::invalid_argument);
}

}  // namespace
}  // namespace shadowscale
