#include "core/metrics/slo_tracker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <vector>

#include "core/metrics/latency_histogram.h"

namespace shadowscale {
namespace {

SloSpec spec(TimeNs target, double percentile, double budget) {
  SloSpec s;
  s.latency_target = target;
  s.percentile = percentile;
  s.error_budget = budget;
  return s;
}

TEST(SloTracker, CountsRequestsOverTargetExactlyAndNotAtTarget) {
  SloTracker t(spec(300 * kMillisecond, 0.99, 0.001));
  t.record(300 * kMillisecond, true);      // at the target: meets it
  t.record(300 * kMillisecond + 1, true);  // one nanosecond over
  t.record(10 * kMillisecond, true);
  t.record(2 * kSecond, false);
  EXPECT_EQ(t.requests(), 4u);
  EXPECT_EQ(t.overTarget(), 2u);
  EXPECT_DOUBLE_EQ(t.overTargetShare(), 0.5);
  EXPECT_EQ(t.failed(), 1u);
  EXPECT_DOUBLE_EQ(t.errorRate(), 0.25);
}

TEST(SloTracker, EmptyRunReportsZeros) {
  SloTracker t(SloSpec{});
  EXPECT_EQ(t.overTargetShare(), 0.0);
  EXPECT_EQ(t.errorRate(), 0.0);
  EXPECT_EQ(t.totalMinutes(), 0u);
  EXPECT_EQ(t.violationMinutes(), 0u);
}

TEST(SloTracker, MinuteViolatesWhenItsP99IsOverTarget) {
  SloTracker t(spec(100 * kMillisecond, 0.99, 1.0));
  // 100 requests, 1 over the target: the 99th value is still under it.
  for (int i = 0; i < 99; ++i) {
    t.record(50 * kMillisecond, true);
  }
  t.record(500 * kMillisecond, true);
  SloMinute m = t.closeMinute();
  EXPECT_EQ(m.requests, 100u);
  EXPECT_EQ(m.over_target, 1u);
  EXPECT_FALSE(m.latency_violated);
  EXPECT_FALSE(m.violated());
  // 100 requests, 2 over: the 99th value is over.
  for (int i = 0; i < 98; ++i) {
    t.record(50 * kMillisecond, true);
  }
  t.record(500 * kMillisecond, true);
  t.record(500 * kMillisecond, true);
  m = t.closeMinute();
  EXPECT_TRUE(m.latency_violated);
  EXPECT_FALSE(m.errors_violated);
  EXPECT_EQ(t.totalMinutes(), 2u);
  EXPECT_EQ(t.violationMinutes(), 1u);
  EXPECT_EQ(t.latencyViolationMinutes(), 1u);
  EXPECT_EQ(t.errorViolationMinutes(), 0u);
}

TEST(SloTracker, MinuteViolatesWhenErrorRateExceedsBudget) {
  SloTracker t(spec(kSecond, 0.99, 0.001));
  // 1 failure in 1000 is exactly the budget: allowed.
  for (int i = 0; i < 999; ++i) {
    t.record(kMillisecond, true);
  }
  t.record(kMillisecond, false);
  EXPECT_FALSE(t.closeMinute().violated());
  for (int i = 0; i < 998; ++i) {
    t.record(kMillisecond, true);
  }
  t.record(kMillisecond, false);
  t.record(kMillisecond, false);
  const SloMinute m = t.closeMinute();
  EXPECT_TRUE(m.errors_violated);
  EXPECT_FALSE(m.latency_violated);
  EXPECT_EQ(t.violationMinutes(), 1u);
  EXPECT_EQ(t.errorViolationMinutes(), 1u);
}

TEST(SloTracker, EmptyMinuteCountsButDoesNotViolate) {
  SloTracker t(SloSpec{});
  const SloMinute m = t.closeMinute();
  EXPECT_EQ(m.requests, 0u);
  EXPECT_FALSE(m.violated());
  EXPECT_EQ(t.totalMinutes(), 1u);
  EXPECT_EQ(t.violationMinutes(), 0u);
}

TEST(SloTracker, TotalsIncludeTheOpenMinute) {
  SloTracker t(spec(kMillisecond, 0.5, 0.5));
  t.record(2 * kMillisecond, false);
  t.closeMinute();
  t.record(0, true);
  EXPECT_EQ(t.requests(), 2u);
  EXPECT_EQ(t.failed(), 1u);
  EXPECT_EQ(t.overTarget(), 1u);
  EXPECT_EQ(t.openMinute().requests, 1u);
  EXPECT_EQ(t.totalMinutes(), 1u);
}

// The counting shortcut must agree with sorting the minute's latencies and taking the
// nearest-rank percentile, for any percentile and any mix.
TEST(SloTracker, PercentileCheckAgreesWithSortingEveryMinute) {
  std::mt19937_64 gen(5);
  const TimeNs target = 200 * kMillisecond;
  for (double p : {0.0, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
    SloTracker t(spec(target, p, 1.0));
    for (int minute = 0; minute < 200; ++minute) {
      const int n = std::uniform_int_distribution<int>(1, 300)(gen);
      const double over_share = std::uniform_real_distribution<double>(0.0, 0.1)(gen);
      std::vector<TimeNs> lat;
      for (int i = 0; i < n; ++i) {
        const bool over = std::bernoulli_distribution(over_share)(gen);
        const TimeNs v = over ? target + 1 + static_cast<TimeNs>(gen() % kSecond)
                              : static_cast<TimeNs>(gen() % (target + 1));
        lat.push_back(v);
        t.record(v, true);
      }
      std::sort(lat.begin(), lat.end());
      const TimeNs exact = lat[nearestRank(p, lat.size()) - 1];
      ASSERT_EQ(t.closeMinute().latency_violated, exact > target)
          << "p=" << p << " minute " << minute << " n=" << n;
    }
  }
}

TEST(SloTracker, RejectsSpecOutOfRange) {
  EXPECT_THROW(SloTracker(spec(0, 0.99, 0.001)), std::invalid_argument);
  EXPECT_THROW(SloTracker(spec(kSecond, 1.5, 0.001)), std::invalid_argument);
  EXPECT_THROW(SloTracker(spec(kSecond, 0.99, -0.1)), std::invalid_argument);
}

}  // namespace
}  // namespace shadowscale
