#include "core/metrics/slo_tracker.h"

#include <stdexcept>
#include <string>

#include "core/metrics/latency_histogram.h"

namespace shadowscale {

SloTracker::SloTracker(const SloSpec& slo) : slo_(slo), target_(slo.latency_target) {
  if (slo.latency_target <= 0) {
    throw std::invalid_argument("SloTracker: slo.latency_target must be positive, got " +
                                std::to_string(slo.latency_target) + " ns");
  }
  if (!(slo.percentile >= 0.0 && slo.percentile <= 1.0)) {
    throw std::invalid_argument("SloTracker: slo.percentile must be in [0, 1], got " +
                                std::to_string(slo.percentile));
  }
  if (!(slo.error_budget >= 0.0 && slo.error_budget <= 1.0)) {
    throw std::invalid_argument("SloTracker: slo.error_budget must be in [0, 1], got " +
                                std::to_string(slo.error_budget));
  }
}

SloMinute SloTracker::closeMinute() {
  SloMinute m = minute_;
  if (m.requests > 0) {
    const std::uint64_t rank = nearestRank(slo_.percentile, m.requests);
    // The rank-th smallest latency is above the target iff the values from that rank up to the
    // largest, n - rank + 1 of them, all are.
    m.latency_violated = m.over_target >= m.requests - rank + 1;
    m.errors_violated =
        static_cast<double>(m.failed) > slo_.error_budget * static_cast<double>(m.requests);
  }
  total_requests_ += m.requests;
  total_failed_ += m.failed;
  total_over_target_ += m.over_target;
  latency_violation_minutes_ += m.latency_violated ? 1 : 0;
  error_violation_minutes_ += m.errors_violated ? 1 : 0;
  violation_minutes_ += m.violated() ? 1 : 0;
  ++total_minutes_;
  minute_ = SloMinute{};
  return m;
}

double SloTracker::overTargetShare() const {
  const std::uint64_t n = requests();
  return n == 0 ? 0.0 : static_cast<double>(overTarget()) / static_cast<double>(n);
}

double SloTracker::errorRate() const {
  const std::uint64_t n = requests();
  return n == 0 ? 0.0 : static_cast<double>(failed()) / static_cast<double>(n);
}

}  // namespace shadowscale
