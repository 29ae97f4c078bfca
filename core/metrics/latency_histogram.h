#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "core/time.h"

namespace shadowscale {

// The nearest-rank position (1-based) of quantile q among n sorted values: ceil(q * n), at least
// 1. A relative slack of 1e-12 keeps 0.99 * 100 at rank 99 despite binary rounding.
inline std::uint64_t nearestRank(double q, std::uint64_t n) {
  const double x = q * static_cast<double>(n) * (1.0 - 1e-12);
  const double r = std::ceil(x);
  if (r < 1.0) {
    return 1;
  }
  if (r >= static_cast<double>(n)) {
    return n;
  }
  return static_cast<std::uint64_t>(r);
}

// Fixed-memory latency distribution with bounded relative error (the HdrHistogram idea):
// each power-of-two range [2^e, 2^(e+1)) of nanoseconds is split into 128 equal buckets, so a
// bucket's middle is within 1/256 (0.39%) of any value in it. Covers 512 ns to 2^42 ns (73.3
// min) in 4,224 buckets (34 KB); smaller values share the first bucket, larger ones an overflow
// bucket. Exact count, min, max and sum are kept beside the buckets. Recording is a few
// instructions and never allocates.
class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 7;
  static constexpr std::size_t kSubBuckets = std::size_t{1} << kSubBucketBits;
  static constexpr int kLowestExponent = 9;    // 2^9 ns = 512 ns
  static constexpr int kHighestExponent = 42;  // 2^42 ns = 4,398 s
  static constexpr TimeNs kLowestTrackable = TimeNs{1} << kLowestExponent;
  static constexpr TimeNs kHighestTrackable = (TimeNs{1} << kHighestExponent) - 1;
  // Buckets of the tracked range; index kBucketCount is the overflow bucket.
  static constexpr std::size_t kBucketCount =
      static_cast<std::size_t>(kHighestExponent - kLowestExponent) * kSubBuckets;
  static constexpr std::size_t kOverflowBucket = kBucketCount;
  // Bound on |reported - true| / true for any value in [kLowestTrackable, kHighestTrackable].
  static constexpr double kMaxRelativeError = 1.0 / (2.0 * static_cast<double>(kSubBuckets));

  LatencyHistogram() = default;

  // Adds one value (negative values count as 0).
  void record(TimeNs v) {
    v = v < 0 ? 0 : v;
    ++counts_[bucketIndex(v)];
    ++count_;
    sum_ += static_cast<double>(v);
    min_ = v < min_ ? v : min_;
    max_ = v > max_ ? v : max_;
  }

  // Adds n copies of one value.
  void recordN(TimeNs v, std::uint64_t n) {
    if (n == 0) {
      return;
    }
    v = v < 0 ? 0 : v;
    counts_[bucketIndex(v)] += n;
    count_ += n;
    sum_ += static_cast<double>(v) * static_cast<double>(n);
    min_ = v < min_ ? v : min_;
    max_ = v > max_ ? v : max_;
  }

  // Number of values recorded.
  std::uint64_t count() const { return count_; }
  // Smallest and largest value recorded, exact (0 when empty).
  TimeNs min() const { return count_ == 0 ? 0 : min_; }
  TimeNs max() const { return count_ == 0 ? 0 : max_; }
  // Exact mean of the recorded values (0 when empty).
  double mean() const { return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_); }

  // Nearest-rank quantile q in [0, 1] on bucket middles, clamped to [min, max] (so q = 0 and
  // q = 1 give the exact min and max); 0 when empty. Throws std::invalid_argument for q
  // outside [0, 1].
  TimeNs percentile(double q) const;
  // The value of rank r (1-based) in ascending order, as percentile() reports it; r is clamped
  // to [1, count()]. 0 when empty.
  TimeNs valueAtRank(std::uint64_t r) const;
  // Number of values above v, at bucket resolution: a value counts when its bucket's middle is
  // above v (exact when v is below min() or at least max()).
  std::uint64_t countAbove(TimeNs v) const;

  // Adds another histogram's values to this one.
  void merge(const LatencyHistogram& other);
  // Forgets every value.
  void reset();

  // Values in bucket i (0..kBucketCount; kBucketCount is the overflow bucket), for exporters.
  std::uint64_t bucketCount(std::size_t i) const { return counts_[i]; }
  // Values recorded above kHighestTrackable.
  std::uint64_t overflowCount() const { return counts_[kOverflowBucket]; }

  // Bucket of a value; values below the range map to bucket 0, above it to kOverflowBucket.
  static std::size_t bucketIndex(TimeNs v) {
    // Clamping first keeps the index arithmetic branch-free: 2^kHighestExponent lands exactly
    // on the overflow bucket.
    const auto u =
        static_cast<std::uint64_t>(std::clamp(v, kLowestTrackable, TimeNs{1} << kHighestExponent));
    const int e = 63 - std::countl_zero(u);
    return (static_cast<std::size_t>(e - kLowestExponent) << kSubBucketBits) |
           static_cast<std::size_t>((u >> (e - kSubBucketBits)) & (kSubBuckets - 1));
  }
  // Smallest value of bucket i (i < kBucketCount).
  static TimeNs bucketLowerBound(std::size_t i) {
    const int e = kLowestExponent + static_cast<int>(i >> kSubBucketBits);
    const auto sub = static_cast<TimeNs>(i & (kSubBuckets - 1));
    return (static_cast<TimeNs>(kSubBuckets) + sub) << (e - kSubBucketBits);
  }
  // Width of bucket i in nanoseconds (i < kBucketCount).
  static TimeNs bucketWidth(std::size_t i) {
    const int e = kLowestExponent + static_cast<int>(i >> kSubBucketBits);
    return TimeNs{1} << (e - kSubBucketBits);
  }
  // The value reported for bucket i (i < kBucketCount): its middle.
  static TimeNs bucketMiddle(std::size_t i) { return bucketLowerBound(i) + bucketWidth(i) / 2; }

 private:
  // Reported value of bucket i, clamped to the exact extremes.
  TimeNs reported(std::size_t i) const;

  std::array<std::uint64_t, kBucketCount + 1> counts_{};
  std::uint64_t count_ = 0;
  double sum_ = 0;  // double: an integer sum of nanoseconds overflows on long runs
  TimeNs min_ = kNever;
  TimeNs max_ = 0;
};

}  // namespace shadowscale
