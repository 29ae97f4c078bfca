#include "core/metrics/scaling_lag.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <vector>

namespace shadowscale {
namespace {

struct Tick {
  TimeNs t;
  int d;
  int s;
};

void feed(ScalingLagTracker& tracker, const std::vector<Tick>& ticks) {
  for (const Tick& x : ticks) {
    tracker.observe(x.t, x.d, x.s);
  }
}

// Reference: the definition applied to a whole trace, level by level, looking backwards and
// forwards from each rise of demand. Returns {lag, unresolved} pairs.
std::vector<std::pair<TimeNs, bool>> referenceLags(const std::vector<Tick>& ticks, TimeNs end,
                                                   int max_level, TimeNs cap) {
  std::vector<std::pair<TimeNs, bool>> lags;
  for (int k = 1; k <= max_level; ++k) {
    for (std::size_t i = 0; i < ticks.size(); ++i) {
      const bool rise = ticks[i].d >= k && (i == 0 || ticks[i - 1].d < k);
      if (!rise) {
        continue;
      }
      if (ticks[i].s >= k) {
        if (i == 0) {
          continue;  // met from the start: nothing to record
        }
        std::size_t j = i;
        while (j > 0 && ticks[j - 1].s >= k) {
          --j;
        }
        lags.push_back({-std::min(ticks[i].t - ticks[j].t, cap), false});
        continue;
      }
      bool closed = false;
      for (std::size_t j = i + 1; j < ticks.size() && !closed; ++j) {
        if (ticks[j].s >= k) {
          lags.push_back({ticks[j].t - ticks[i].t, false});
          closed = true;
        } else if (ticks[j].d < k) {
          lags.push_back({ticks[j].t - ticks[i].t, true});
          closed = true;
        }
      }
      if (!closed) {
        lags.push_back({end - ticks[i].t, true});
      }
    }
  }
  return lags;
}

TEST(ScalingLag, SupplyArrivingLateGivesPositiveLagPerLevel) {
  ScalingLagTracker lag(10);
  feed(lag, {{0, 2, 2},
             {15 * kSecond, 2, 2},
             {30 * kSecond, 4, 2},  // demand rises through levels 3 and 4
             {45 * kSecond, 4, 2},
             {60 * kSecond, 4, 3},  // level 3 supplied after 30 s
             {75 * kSecond, 4, 3},
             {90 * kSecond, 4, 4}});  // level 4 after 60 s
  lag.finish(100 * kSecond);
  EXPECT_EQ(lag.count(), 2u);
  EXPECT_EQ(lag.unresolved(), 0u);
  EXPECT_EQ(lag.min(), 30 * kSecond);
  EXPECT_EQ(lag.max(), 60 * kSecond);
  EXPECT_DOUBLE_EQ(lag.mean(), 45e9);
}

TEST(ScalingLag, SupplyAlreadyThereGivesNegativeLagCappedAtHorizon) {
  ScalingLagTracker lag(10, kHour);
  feed(lag, {{0, 1, 5},
             {10 * kMinute, 3, 5},  // levels 2, 3: supplied since 0 -> -10 min
             {20 * kMinute, 1, 5},
             {3 * kHour, 4, 5}});  // levels 2..4 supplied for 3 h -> capped at -1 h
  lag.finish(3 * kHour);
  EXPECT_EQ(lag.count(), 5u);
  EXPECT_EQ(lag.unresolved(), 0u);
  EXPECT_EQ(lag.min(), -kHour);
  EXPECT_EQ(lag.max(), -10 * kMinute);
  EXPECT_EQ(lag.percentile(0.0), -kHour);
  EXPECT_EQ(lag.percentile(1.0), -10 * kMinute);
  EXPECT_DOUBLE_EQ(lag.mean(), -(2.0 * 600e9 + 3.0 * 3600e9) / 5.0);
}

TEST(ScalingLag, SupplyAndDemandRisingTogetherGiveZero) {
  ScalingLagTracker lag(10);
  feed(lag, {{0, 1, 1}, {15 * kSecond, 3, 3}});
  lag.finish(30 * kSecond);
  EXPECT_EQ(lag.count(), 2u);
  EXPECT_EQ(lag.min(), 0);
  EXPECT_EQ(lag.max(), 0);
  EXPECT_EQ(lag.percentile(0.5), 0);
}

TEST(ScalingLag, DemandFallingBeforeSupplyIsUnresolvedAtElapsedTime) {
  ScalingLagTracker lag(10);
  feed(lag, {{0, 2, 2}, {15 * kSecond, 3, 2}, {45 * kSecond, 2, 2}, {60 * kSecond, 2, 3}});
  lag.finish(90 * kSecond);
  EXPECT_EQ(lag.count(), 1u);
  EXPECT_EQ(lag.unresolved(), 1u);
  EXPECT_EQ(lag.max(), 30 * kSecond);
}

TEST(ScalingLag, RunEndingBeforeSupplyIsUnresolvedAtEnd) {
  ScalingLagTracker lag(10);
  feed(lag, {{0, 1, 1}, {kMinute, 2, 1}});
  lag.finish(5 * kMinute);
  EXPECT_EQ(lag.count(), 1u);
  EXPECT_EQ(lag.unresolved(), 1u);
  EXPECT_EQ(lag.max(), 4 * kMinute);
}

TEST(ScalingLag, RunStartingUnderProvisionedWaitsFromFirstTick) {
  ScalingLagTracker lag(10);
  feed(lag, {{0, 3, 1}, {kMinute, 3, 2}, {2 * kMinute, 3, 3}});
  lag.finish(3 * kMinute);
  const LagSummary s = lag.summary();
  EXPECT_EQ(s.count, 2u);
  EXPECT_EQ(s.min, kMinute);
  EXPECT_EQ(s.max, 2 * kMinute);
  EXPECT_EQ(s.unresolved, 0u);
}

TEST(ScalingLag, LevelsAboveMaxLevelAreNotTracked) {
  ScalingLagTracker lag(3);
  feed(lag, {{0, 1, 1}, {kMinute, 100, 1}});
  lag.finish(2 * kMinute);
  EXPECT_EQ(lag.count(), 2u);  // levels 2 and 3 only
  EXPECT_EQ(lag.unresolved(), 2u);
}

TEST(ScalingLag, EmptyReportsZeros) {
  ScalingLagTracker lag(5);
  lag.finish(kHour);
  const LagSummary s = lag.summary();
  EXPECT_EQ(s.count, 0u);
  EXPECT_EQ(s.mean, 0.0);
  EXPECT_EQ(s.p50, 0);
  EXPECT_EQ(s.min, 0);
  EXPECT_EQ(s.max, 0);
}

TEST(ScalingLag, SignedPercentilesOrderEarlyZeroAndLateLags) {
  ScalingLagTracker lag(10);
  // Level 2: early by 10 min; level 3: zero; level 4: late by 2 min.
  feed(lag, {{0, 1, 2},
             {10 * kMinute, 2, 2},
             {11 * kMinute, 3, 3},
             {12 * kMinute, 4, 3},
             {14 * kMinute, 4, 4}});
  lag.finish(15 * kMinute);
  ASSERT_EQ(lag.count(), 3u);
  EXPECT_EQ(lag.percentile(0.0), -10 * kMinute);
  EXPECT_EQ(lag.percentile(0.5), 0);
  EXPECT_EQ(lag.percentile(1.0), 2 * kMinute);
  EXPECT_THROW(lag.percentile(2.0), std::invalid_argument);
}

// The worked example of docs/metrics.md "Scaling lag".
TEST(ScalingLag, DocumentedExample) {
  ScalingLagTracker lag(100);
  feed(lag, {{0, 2, 2},
             {30 * kSecond, 4, 2},
             {60 * kSecond, 4, 3},
             {90 * kSecond, 4, 4},
             {600 * kSecond, 2, 4},
             {900 * kSecond, 3, 4}});
  lag.finish(kHour);
  const LagSummary s = lag.summary();
  EXPECT_EQ(s.count, 3u);
  EXPECT_EQ(s.min, -840 * kSecond);
  EXPECT_EQ(s.p50, 30 * kSecond);
  EXPECT_EQ(s.max, 60 * kSecond);
  EXPECT_EQ(s.unresolved, 0u);
}

// Random walks of demand and supply against the whole-trace reference definition.
TEST(ScalingLag, MatchesReferenceDefinitionOnRandomWalks) {
  std::mt19937_64 gen(17);
  for (int run = 0; run < 50; ++run) {
    const int max_level = 12;
    const TimeNs cap = 10 * kMinute;
    std::vector<Tick> ticks;
    int d = static_cast<int>(gen() % 8), s = static_cast<int>(gen() % 8);
    TimeNs t = 0;
    for (int i = 0; i < 400; ++i) {
      ticks.push_back({t, d, s});
      t += 15 * kSecond * static_cast<TimeNs>(1 + gen() % 3);
      d = std::clamp(d + static_cast<int>(gen() % 5) - 2, 0, 15);
      s = std::clamp(s + static_cast<int>(gen() % 3) - 1, 0, 15);
    }
    const TimeNs end = t;
    ScalingLagTracker lag(max_level, cap);
    feed(lag, ticks);
    lag.finish(end);
    auto ref = referenceLags(ticks, end, max_level, cap);
    ASSERT_EQ(lag.count(), ref.size()) << "run " << run;
    if (ref.empty()) {
      continue;
    }
    std::vector<TimeNs> values;
    double sum = 0;
    std::uint64_t unresolved = 0;
    for (const auto& [v, u] : ref) {
      values.push_back(v);
      sum += static_cast<double>(v);
      unresolved += u ? 1 : 0;
    }
    std::sort(values.begin(), values.end());
    EXPECT_EQ(lag.unresolved(), unresolved) << "run " << run;
    EXPECT_EQ(lag.min(), values.front()) << "run " << run;
    EXPECT_EQ(lag.max(), values.back()) << "run " << run;
    EXPECT_NEAR(lag.mean(), sum / static_cast<double>(values.size()), 1.0) << "run " << run;
    for (double q : {0.0, 0.1, 0.5, 0.9, 0.99, 1.0}) {
      const TimeNs exact = values[nearestRank(q, values.size()) - 1];
      EXPECT_LE(std::abs(static_cast<double>(lag.percentile(q) - exact)),
                LatencyHistogram::kMaxRelativeError * std::abs(static_cast<double>(exact)))
          << "run " << run << " q=" << q;
    }
  }
}

TEST(ScalingLag, RejectsBadInput) {
  EXPECT_THROW(ScalingLagTracker(0), std::invalid_argument);
  EXPECT_THROW(ScalingLagTracker(5, -1), std::invalid_argument);
  ScalingLagTracker lag(5);
  lag.observe(kMinute, 1, 1);
  EXPECT_THROW(lag.observe(0, 1, 1), std::invalid_argument);
  EXPECT_THROW(lag.observe(2 * kMinute, -1, 1), std::invalid_argument);
  EXPECT_THROW(lag.finish(0), std::invalid_argument);
}

}  // namespace
}  // namespace shadowscale
