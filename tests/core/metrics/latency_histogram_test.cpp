#include "core/metrics/latency_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

namespace shadowscale {
namespace {

// Exact nearest-rank quantile of sorted values.
TimeNs exactPercentile(const std::vector<TimeNs>& sorted, double q) {
  return sorted[nearestRank(q, sorted.size()) - 1];
}

std::uint64_t exactCountAbove(const std::vector<TimeNs>& values, TimeNs v) {
  return static_cast<std::uint64_t>(
      std::count_if(values.begin(), values.end(), [v](TimeNs x) { return x > v; }));
}

// Log-uniform values in [lo, hi]: equal weight for every magnitude.
std::vector<TimeNs> logUniform(std::mt19937_64& gen, std::size_t n, double lo, double hi) {
  std::uniform_real_distribution<double> u(std::log(lo), std::log(hi));
  std::vector<TimeNs> v(n);
  for (TimeNs& x : v) {
    x = static_cast<TimeNs>(std::exp(u(gen)));
  }
  return v;
}

const double kQuantiles[] = {0.0,  0.001, 0.01, 0.05, 0.1,   0.25,   0.5,
                             0.75, 0.9,   0.95, 0.99, 0.999, 0.9999, 1.0};

TEST(LatencyHistogram, ErrorBoundIsWithinOnePercent) {
  EXPECT_LE(LatencyHistogram::kMaxRelativeError, 0.01);
  EXPECT_LE(LatencyHistogram::kLowestTrackable, kMicrosecond);
  EXPECT_GE(LatencyHistogram::kHighestTrackable, kHour);
}

TEST(LatencyHistogram, EveryBucketMiddleIsWithinTheBoundOfItsValues) {
  for (std::size_t i = 0; i < LatencyHistogram::kBucketCount; ++i) {
    const TimeNs lo = LatencyHistogram::bucketLowerBound(i);
    const TimeNs hi = lo + LatencyHistogram::bucketWidth(i) - 1;
    const TimeNs mid = LatencyHistogram::bucketMiddle(i);
    ASSERT_EQ(LatencyHistogram::bucketIndex(lo), i);
    ASSERT_EQ(LatencyHistogram::bucketIndex(hi), i);
    for (TimeNs v : {lo, hi}) {
      ASSERT_LE(std::abs(static_cast<double>(mid - v)),
                LatencyHistogram::kMaxRelativeError * static_cast<double>(v))
          << "bucket " << i << " value " << v;
    }
  }
  EXPECT_EQ(LatencyHistogram::bucketIndex(LatencyHistogram::kHighestTrackable + 1),
            LatencyHistogram::kOverflowBucket);
  EXPECT_EQ(LatencyHistogram::bucketIndex(0), 0u);
  EXPECT_EQ(LatencyHistogram::bucketIndex(-5), 0u);
}

TEST(LatencyHistogram, PercentilesOfLogUniformDataMatchExactWithinBound) {
  std::mt19937_64 gen(42);
  std::vector<TimeNs> values = logUniform(gen, 200000, 1e3, 3.6e12);
  LatencyHistogram h;
  for (TimeNs v : values) {
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  for (double q : kQuantiles) {
    const TimeNs exact = exactPercentile(values, q);
    const TimeNs got = h.percentile(q);
    EXPECT_LE(std::abs(static_cast<double>(got - exact)),
              LatencyHistogram::kMaxRelativeError * static_cast<double>(exact))
        << "q=" << q << " exact=" << exact << " got=" << got;
  }
}

TEST(LatencyHistogram, PercentilesMatchExactAtEveryMagnitude) {
  std::mt19937_64 gen(7);
  // One decade at a time, from 1 us to 1 h, so narrow distributions are checked too.
  for (double lo = 1e3; lo < 3.6e12; lo *= 10) {
    const double hi = std::min(lo * 10, 3.6e12);
    std::uniform_real_distribution<double> u(lo, hi);
    std::vector<TimeNs> values(20000);
    LatencyHistogram h;
    for (TimeNs& v : values) {
      v = static_cast<TimeNs>(u(gen));
      h.record(v);
    }
    std::sort(values.begin(), values.end());
    for (double q : kQuantiles) {
      const TimeNs exact = exactPercentile(values, q);
      const TimeNs got = h.percentile(q);
      ASSERT_LE(std::abs(static_cast<double>(got - exact)),
                LatencyHistogram::kMaxRelativeError * static_cast<double>(exact))
          << "decade from " << lo << " q=" << q << " exact=" << exact << " got=" << got;
    }
  }
}

TEST(LatencyHistogram, MinMaxMeanAndExtremePercentilesAreExact) {
  LatencyHistogram h;
  const std::vector<TimeNs> values = {1234567, 2 * kMillisecond + 3, 987654321, 5555};
  double sum = 0;
  for (TimeNs v : values) {
    h.record(v);
    sum += static_cast<double>(v);
  }
  EXPECT_EQ(h.count(), 4u);
  EXPECT_EQ(h.min(), 5555);
  EXPECT_EQ(h.max(), 987654321);
  EXPECT_EQ(h.percentile(0.0), 5555);
  EXPECT_EQ(h.percentile(1.0), 987654321);
  EXPECT_DOUBLE_EQ(h.mean(), sum / 4);
}

TEST(LatencyHistogram, EmptyReportsZeros) {
  LatencyHistogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.percentile(0.5), 0);
  EXPECT_EQ(h.percentile(1.0), 0);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), 0);
  EXPECT_EQ(h.mean(), 0.0);
  EXPECT_EQ(h.countAbove(0), 0u);
  EXPECT_EQ(h.valueAtRank(1), 0);
}

TEST(LatencyHistogram, OverflowIsCountedAndReportedAsMax) {
  LatencyHistogram h;
  for (int i = 0; i < 98; ++i) {
    h.record(10 * kMillisecond);
  }
  h.record(2 * kHour);
  h.record(3 * kHour + 17);
  EXPECT_EQ(h.count(), 100u);
  EXPECT_EQ(h.overflowCount(), 2u);
  EXPECT_EQ(h.max(), 3 * kHour + 17);
  // Both overflowed values sit in one bucket whose only known value is the maximum.
  EXPECT_EQ(h.percentile(0.99), 3 * kHour + 17);
  EXPECT_EQ(h.percentile(1.0), 3 * kHour + 17);
  EXPECT_NEAR(static_cast<double>(h.percentile(0.98)), 10e6, 10e6 * 0.004);
  EXPECT_EQ(h.countAbove(kHour), 2u);
}

TEST(LatencyHistogram, ValuesBelowRangeShareTheFirstBucketButKeepExactMin) {
  LatencyHistogram h;
  h.record(100);
  h.record(200);
  h.record(-50);  // counts as 0
  EXPECT_EQ(h.bucketCount(0), 3u);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), 200);
  // The middle of bucket 0 is above every value, so it is clamped to the exact max.
  EXPECT_EQ(h.percentile(0.5), 200);
  EXPECT_EQ(h.percentile(0.0), 0);
}

TEST(LatencyHistogram, MergeEqualsRecordingEverythingInOne) {
  std::mt19937_64 gen(3);
  const std::vector<TimeNs> a = logUniform(gen, 5000, 1e3, 1e9);
  const std::vector<TimeNs> b = logUniform(gen, 7000, 1e6, 1e13);
  LatencyHistogram ha, hb, all;
  for (TimeNs v : a) {
    ha.record(v);
    all.record(v);
  }
  for (TimeNs v : b) {
    hb.record(v);
    all.record(v);
  }
  ha.merge(hb);
  EXPECT_EQ(ha.count(), all.count());
  EXPECT_EQ(ha.min(), all.min());
  EXPECT_EQ(ha.max(), all.max());
  EXPECT_NEAR(ha.mean(), all.mean(), all.mean() * 1e-12);
  for (std::size_t i = 0; i <= LatencyHistogram::kBucketCount; ++i) {
    ASSERT_EQ(ha.bucketCount(i), all.bucketCount(i)) << "bucket " << i;
  }
  for (double q : kQuantiles) {
    EXPECT_EQ(ha.percentile(q), all.percentile(q)) << "q=" << q;
  }
}

TEST(LatencyHistogram, MergeIntoEmptyAndFromEmpty) {
  LatencyHistogram a, empty;
  a.record(5 * kMillisecond);
  a.record(7 * kMillisecond);
  LatencyHistogram copy = a;
  copy.merge(empty);
  EXPECT_EQ(copy.count(), 2u);
  EXPECT_EQ(copy.min(), 5 * kMillisecond);
  empty.merge(a);
  EXPECT_EQ(empty.count(), 2u);
  EXPECT_EQ(empty.min(), 5 * kMillisecond);
  EXPECT_EQ(empty.max(), 7 * kMillisecond);
}

TEST(LatencyHistogram, ResetForgetsEverything) {
  LatencyHistogram h;
  h.record(kSecond);
  h.record(2 * kHour);
  h.reset();
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.overflowCount(), 0u);
  EXPECT_EQ(h.percentile(0.5), 0);
  EXPECT_EQ(h.max(), 0);
  h.record(3 * kMillisecond);
  EXPECT_EQ(h.min(), 3 * kMillisecond);
  EXPECT_EQ(h.max(), 3 * kMillisecond);
  EXPECT_EQ(h.percentile(0.5), 3 * kMillisecond);
  EXPECT_DOUBLE_EQ(h.mean(), 3e6);
}

TEST(LatencyHistogram, RecordNEqualsRepeatedRecord) {
  LatencyHistogram a, b;
  a.recordN(kMillisecond, 1000);
  a.recordN(kSecond, 10);
  a.recordN(kMinute, 0);  // nothing
  for (int i = 0; i < 1000; ++i) {
    b.record(kMillisecond);
  }
  for (int i = 0; i < 10; ++i) {
    b.record(kSecond);
  }
  EXPECT_EQ(a.count(), b.count());
  EXPECT_EQ(a.max(), kSecond);
  EXPECT_DOUBLE_EQ(a.mean(), b.mean());
  for (double q : kQuantiles) {
    EXPECT_EQ(a.percentile(q), b.percentile(q));
  }
}

TEST(LatencyHistogram, CountAboveIsWithinOneBucketOfExact) {
  std::mt19937_64 gen(11);
  const std::vector<TimeNs> values = logUniform(gen, 50000, 1e3, 1e11);
  LatencyHistogram h;
  for (TimeNs v : values) {
    h.record(v);
  }
  const double slack = 2 * LatencyHistogram::kMaxRelativeError;
  for (double t = 2e3; t < 1e11; t *= 1.7) {
    const auto v = static_cast<TimeNs>(t);
    const std::uint64_t got = h.countAbove(v);
    EXPECT_LE(exactCountAbove(values, static_cast<TimeNs>(t * (1 + slack))), got) << v;
    EXPECT_GE(exactCountAbove(values, static_cast<TimeNs>(t * (1 - slack))), got) << v;
  }
  // Just below a bucket's lower bound the count is exact: no bucket straddles the threshold.
  for (std::size_t i = 200; i < 3000; i += 97) {
    const TimeNs v = LatencyHistogram::bucketLowerBound(i) - 1;
    EXPECT_EQ(h.countAbove(v), exactCountAbove(values, v)) << v;
  }
  EXPECT_EQ(h.countAbove(h.min() - 1), h.count());
  EXPECT_EQ(h.countAbove(h.max()), 0u);
}

TEST(LatencyHistogram, ValueAtRankWalksTheOrder) {
  LatencyHistogram h;
  for (TimeNs v : {kMillisecond, 2 * kMillisecond, 4 * kMillisecond, 8 * kMillisecond}) {
    h.record(v);
  }
  EXPECT_EQ(h.valueAtRank(1), kMillisecond);
  EXPECT_NEAR(static_cast<double>(h.valueAtRank(2)), 2e6, 2e6 / 256);
  EXPECT_NEAR(static_cast<double>(h.valueAtRank(3)), 4e6, 4e6 / 256);
  EXPECT_EQ(h.valueAtRank(4), 8 * kMillisecond);
  EXPECT_EQ(h.valueAtRank(99), 8 * kMillisecond);
}

TEST(LatencyHistogram, RejectsQuantileOutsideUnitInterval) {
  LatencyHistogram h;
  h.record(kMillisecond);
  EXPECT_THROW(h.percentile(-0.1), std::invalid_argument);
  EXPECT_THROW(h.percentile(1.5), std::invalid_argument);
  EXPECT_THROW(h.percentile(std::nan("")), std::invalid_argument);
}

TEST(NearestRank, MatchesTheDefinition) {
  EXPECT_EQ(nearestRank(0.99, 100), 99u);
  EXPECT_EQ(nearestRank(0.5, 3), 2u);
  EXPECT_EQ(nearestRank(0.0, 10), 1u);
  EXPECT_EQ(nearestRank(1.0, 10), 10u);
  EXPECT_EQ(nearestRank(0.999, 1000), 999u);
  EXPECT_EQ(nearestRank(0.9, 11), 10u);
}

}  // namespace
}  // namespace shadowscale
