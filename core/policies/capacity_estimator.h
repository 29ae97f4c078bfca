#pragma once

#include <cstddef>

#include "core/policy.h"

namespace shadowscale {

// Settings of a CapacityEstimator.
struct CapacityEstimatorOptions {
  double target_utilization = 0.7;  // the estimate is the rate one instance serves at this
  double utilization_floor = 0.2;   // a window with less utilization says too little to count
  double smoothing = 0.1;           // EWMA weight of a new sample, once past the first few
  double latency_limit_ms = 0;      // p99 above this caps the sample (0 = latency not used)
};

// Measures how many requests per second one instance of a pool serves at the target utilization,
// from the traffic it serves (primaries and mirrored copies): a busy window's throughput per
// ready instance divided by its utilization. The measurement is kept as a factor of the
// configured capacity, so a change of CPU per instance carries over; it starts at 1 (the
// configured capacity) and moves by an EWMA that weighs the first samples as a running mean.
class CapacityEstimator {
 public:
  explicit CapacityEstimator(CapacityEstimatorOptions options = {});

  // Takes one observation window of the pool; returns whether it counted as a sample.
  bool observe(const PoolView& pool);

  // Requests per second one instance serves at the target utilization; 0 before any view with
  // a configured capacity.
  double perInstanceRps() const { return configured_rps_ * factor_ * options_.target_utilization; }
  // Measured capacity as a share of the configured one (1 until a sample counts).
  double factor() const { return factor_; }
  // Windows that made the estimate.
  std::size_t samples() const { return samples_; }
  const CapacityEstimatorOptions& options() const { return options_; }

 private:
  CapacityEstimatorOptions options_;
  double configured_rps_ = 0;  // at full occupancy, from the latest view
  double factor_ = 1.0;
  std::size_t samples_ = 0;
};

}  // namespace shadowscale
