#include "core/policies/capacity_estimator.h"

#include <algorithm>
#include <cmath>

namespace shadowscale {

CapacityEstimator::CapacityEstimator(CapacityEstimatorOptions options) : options_(options) {}

bool CapacityEstimator::observe(const PoolView& pool) {
  if (!pool.enabled) {
    return false;
  }
  if (pool.configured_capacity_rps > 0 && std::isfinite(pool.configured_capacity_rps)) {
    configured_rps_ = pool.configured_capacity_rps;
  }
  const double u = pool.mean_utilization;
  if (configured_rps_ <= 0 || pool.ready <= 0 || !(pool.served_rate > 0) || !std::isfinite(u) ||
      u < options_.utilization_floor || u <= 0) {
    return false;
  }
  const double per_instance = pool.served_rate / pool.ready;
  // Served work grows in proportion to busy time, so throughput per unit of utilization is
  // the throughput the instance would have at full occupancy.
  double sample = per_instance / u / configured_rps_;
  if (options_.latency_limit_ms > 0 && pool.p99_latency_ms > options_.latency_limit_ms) {
    // Latency already broke the limit at this load: the usable capacity at the target
    // utilization is no more than what each instance served in this window.
    sample = std::min(sample, per_instance / (configured_rps_ * options_.target_utilization));
  }
  if (!std::isfinite(sample) || sample <= 0) {
    return false;
  }
  ++samples_;
  // The configured value counts as one prior sample; after that a running mean until the
  // EWMA weight takes over, so the first noisy samples neither dominate nor linger.
  const double weight = std::max(options_.smoothing, 1.0 / static_cast<double>(samples_ + 1));
  factor_ += weight * (sample - factor_);
  return true;
}

}  // namespace shadowscale
