#include "core/metrics/scaling_lag.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace shadowscale {

ScalingLagTracker::ScalingLagTracker(int max_level, TimeNs early_cap) : early_cap_(early_cap) {
  if (max_level < 1) {
    throw std::invalid_argument("ScalingLagTracker: max_level must be at least 1, got " +
                                std::to_string(max_level));
  }
  if (early_cap < 0) {
    throw std::invalid_argument("ScalingLagTracker: early_cap must not be negative, got " +
                                std::to_string(early_cap) + " ns");
  }
  levels_.resize(static_cast<std::size_t>(max_level));
}

void ScalingLagTracker::observe(TimeNs now, int demand, int supply) {
  if (demand < 0 || supply < 0) {
    throw std::invalid_argument(
        "ScalingLagTracker::observe: demand and supply must not be "
        "negative, got demand " +
        std::to_string(demand) + ", supply " + std::to_string(supply));
  }
  if (!started_) {
    started_ = true;
    const int top = std::min(std::max(demand, supply), maxLevel());
    for (int k = 1; k <= top; ++k) {
      Level& level = levels_[static_cast<std::size_t>(k - 1)];
      level.demanded = demand >= k;
      level.supplied = supply >= k ? now : kUnset;
      level.waiting = demand >= k && supply < k ? now : kUnset;
    }
  } else {
    if (now < last_) {
      throw std::invalid_argument("ScalingLagTracker::observe: time went backwards from " +
                                  std::to_string(last_) + " to " + std::to_string(now) + " ns");
    }
    // A level's state changes only when d or s crosses it, and updateLevel is idempotent
    // within a tick, so the two ranges may overlap.
    updateRange(last_demand_, demand, now, demand, supply);
    updateRange(last_supply_, supply, now, demand, supply);
  }
  last_ = now;
  last_demand_ = demand;
  last_supply_ = supply;
}

void ScalingLagTracker::updateRange(int a, int b, TimeNs now, int demand, int supply) {
  const int lo = std::min(a, b) + 1;
  const int hi = std::min(std::max(a, b), maxLevel());
  for (int k = lo; k <= hi; ++k) {
    updateLevel(k, now, demand, supply);
  }
}

void ScalingLagTracker::updateLevel(int k, TimeNs now, int demand, int supply) {
  Level& level = levels_[static_cast<std::size_t>(k - 1)];
  const bool supplied = supply >= k;
  const bool demanded = demand >= k;
  if (!supplied) {
    level.supplied = kUnset;
  } else if (level.supplied == kUnset) {
    level.supplied = now;
  }
  if (demanded && !level.demanded) {
    if (supplied) {
      recordLag(-std::min(now - level.supplied, early_cap_), false);
    } else {
      level.waiting = now;
    }
  }
  level.demanded = demanded;
  if (level.waiting != kUnset) {
    // Supply arriving on the same tick that demand leaves still counts as caught up.
    if (supplied) {
      recordLag(now - level.waiting, false);
      level.waiting = kUnset;
    } else if (!demanded) {
      recordLag(now - level.waiting, true);
      level.waiting = kUnset;
    }
  }
}

void ScalingLagTracker::finish(TimeNs end) {
  if (started_ && end < last_) {
    throw std::invalid_argument("ScalingLagTracker::finish: end " + std::to_string(end) +
                                " ns is before the last tick " + std::to_string(last_) + " ns");
  }
  for (Level& level : levels_) {
    if (level.waiting != kUnset) {
      recordLag(end - level.waiting, true);
      level.waiting = kUnset;
    }
  }
}

void ScalingLagTracker::recordLag(TimeNs lag, bool unresolved) {
  if (lag > 0) {
    late_.record(lag);
  } else if (lag < 0) {
    early_.record(-lag);
  } else {
    ++zero_;
  }
  sum_ += static_cast<double>(lag);
  unresolved_ += unresolved ? 1 : 0;
}

double ScalingLagTracker::mean() const {
  const std::uint64_t n = count();
  return n == 0 ? 0.0 : sum_ / static_cast<double>(n);
}

TimeNs ScalingLagTracker::percentile(double q) const {
  if (!(q >= 0.0 && q <= 1.0)) {
    throw std::invalid_argument("ScalingLagTracker::percentile: q must be in [0, 1], got " +
                                std::to_string(q));
  }
  const std::uint64_t n = count();
  if (n == 0) {
    return 0;
  }
  // Ascending signed order: early lags by falling magnitude, then zeros, then late lags.
  const std::uint64_t r = nearestRank(q, n);
  const std::uint64_t n_early = early_.count();
  if (r <= n_early) {
    return -early_.valueAtRank(n_early - r + 1);
  }
  if (r <= n_early + zero_) {
    return 0;
  }
  return late_.valueAtRank(r - n_early - zero_);
}

TimeNs ScalingLagTracker::min() const {
  if (early_.count() > 0) {
    return -early_.max();
  }
  return zero_ > 0 ? 0 : late_.min();
}

TimeNs ScalingLagTracker::max() const {
  if (late_.count() > 0) {
    return late_.max();
  }
  return zero_ > 0 ? 0 : -early_.min();
}

LagSummary ScalingLagTracker::summary() const {
  LagSummary s;
  s.count = count();
  s.unresolved = unresolved_;
  s.mean = mean();
  s.min = min();
  s.p50 = percentile(0.5);
  s.p90 = percentile(0.9);
  s.p99 = percentile(0.99);
  s.max = max();
  return s;
}

}  // namespace shadowscale
