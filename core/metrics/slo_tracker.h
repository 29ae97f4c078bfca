#pragma once

#include <cstdint>

#include "core/slo.h"
#include "core/time.h"

namespace shadowscale {

// Counts of one closed one-minute slice and whether it broke the SLO.
struct SloMinute {
  std::uint64_t requests = 0;
  std::uint64_t failed = 0;
  std::uint64_t over_target = 0;  // latency above the target
  bool latency_violated = false;  // the slice's SLO-percentile latency is above the target
  bool errors_violated = false;   // the slice's error rate is above the error budget

  bool violated() const { return latency_violated || errors_violated; }
};

// Judges a run against its SloSpec: share of requests over the latency target, error rate, and
// violation minutes. Fed every finished request and told when each one-minute slice of run time
// closes. A slice's percentile check is exact and needs no histogram: with n requests the
// nearest-rank p-quantile is above the target exactly when at least n - ceil(p n) + 1 of them
// are.
class SloTracker {
 public:
  // Throws std::invalid_argument when the spec is out of range.
  explicit SloTracker(const SloSpec& slo);

  // One finished request: the latency its client saw and whether it succeeded.
  void record(TimeNs latency, bool ok) {
    ++minute_.requests;
    minute_.failed += ok ? 0 : 1;
    minute_.over_target += latency > target_ ? 1 : 0;
  }

  // Many finished requests at once: `failed` of them failed and `over_target` had a latency
  // above the target (a rate-based model's expected counts for part of a slice).
  void recordCounts(std::uint64_t requests, std::uint64_t failed, std::uint64_t over_target) {
    minute_.requests += requests;
    minute_.failed += failed;
    minute_.over_target += over_target;
  }

  // Closes the current slice, judges it and starts the next one; returns the closed slice.
  SloMinute closeMinute();

  // Totals over every request so far, including the slice still open.
  std::uint64_t requests() const { return total_requests_ + minute_.requests; }
  std::uint64_t failed() const { return total_failed_ + minute_.failed; }
  std::uint64_t overTarget() const { return total_over_target_ + minute_.over_target; }
  // Share of requests whose latency was above the target (0 when none finished).
  double overTargetShare() const;
  // Share of requests that failed (0 when none finished).
  double errorRate() const;

  // Closed slices that broke the SLO by latency, by errors, or either.
  std::uint64_t violationMinutes() const { return violation_minutes_; }
  std::uint64_t latencyViolationMinutes() const { return latency_violation_minutes_; }
  std::uint64_t errorViolationMinutes() const { return error_violation_minutes_; }
  // Closed slices.
  std::uint64_t totalMinutes() const { return total_minutes_; }

  // The SLO this tracker judges by.
  const SloSpec& spec() const { return slo_; }
  // Counts of the slice still open.
  const SloMinute& openMinute() const { return minute_; }

 private:
  SloSpec slo_;
  TimeNs target_;
  SloMinute minute_;
  std::uint64_t total_requests_ = 0;
  std::uint64_t total_failed_ = 0;
  std::uint64_t total_over_target_ = 0;
  std::uint64_t violation_minutes_ = 0;
  std::uint64_t latency_violation_minutes_ = 0;
  std::uint64_t error_violation_minutes_ = 0;
  std::uint64_t total_minutes_ = 0;
};

}  // namespace shadowscale
