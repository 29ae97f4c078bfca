#include "core/metrics/latency_histogram.h"

#include <stdexcept>
#include <string>

namespace shadowscale {

TimeNs LatencyHistogram::reported(std::size_t i) const {
  // The overflow bucket has no middle; its only known value is the exact maximum.
  const TimeNs v = i == kOverflowBucket ? max_ : bucketMiddle(i);
  return std::clamp(v, min_, max_);
}

TimeNs LatencyHistogram::percentile(double q) const {
  if (!(q >= 0.0 && q <= 1.0)) {
    throw std::invalid_argument("LatencyHistogram::percentile: q must be in [0, 1], got " +
                                std::to_string(q));
  }
  if (count_ == 0) {
    return 0;
  }
  return valueAtRank(nearestRank(q, count_));
}

TimeNs LatencyHistogram::valueAtRank(std::uint64_t r) const {
  if (count_ == 0) {
    return 0;
  }
  // The extremes are known exactly; report them rather than a bucket middle.
  if (r <= 1) {
    return min_;
  }
  if (r >= count_) {
    return max_;
  }
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= r) {
      return reported(i);
    }
  }
  return max_;  // unreachable while the bucket counts sum to count_
}

std::uint64_t LatencyHistogram::countAbove(TimeNs v) const {
  if (count_ == 0 || v >= max_) {
    return 0;
  }
  if (v < min_) {
    return count_;
  }
  const std::size_t first = bucketIndex(v);
  std::uint64_t above = 0;
  if (reported(first) > v) {
    above += counts_[first];
  }
  for (std::size_t i = first + 1; i < counts_.size(); ++i) {
    above += counts_[i];
  }
  return above;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0) {
    return;
  }
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    counts_[i] += other.counts_[i];
  }
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void LatencyHistogram::reset() {
  counts_.fill(0);
  count_ = 0;
  sum_ = 0;
  min_ = kNever;
  max_ = 0;
}

}  // namespace shadowscale
