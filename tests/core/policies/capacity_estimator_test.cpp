#include "core/policies/capacity_estimator.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/rng.h"

namespace shadowscale {
namespace {

// A pool of `ready` instances that served `served_rps` at `utilization` over the last window.
PoolView busyPool(int ready, double utilization, double served_rps, double configured = 100) {
  PoolView p;
  p.enabled = true;
  p.ready = ready;
  p.desired = ready;
  p.mean_utilization = utilization;
  p.served_rate = served_rps;
  p.configured_capacity_rps = configured;
  return p;
}

TEST(CapacityEstimator, StartsFromTheConfiguredCapacityAtTheTargetUtilization) {
  CapacityEstimator e({0.7, 0.2, 0.1, 0});
  EXPECT_EQ(e.perInstanceRps(), 0);  // nothing seen yet
  PoolView idle = busyPool(4, 0.0, 0.0, 120);
  EXPECT_FALSE(e.observe(idle));
  EXPECT_NEAR(e.perInstanceRps(), 120 * 0.7, 1e-9);
  EXPECT_EQ(e.samples(), 0u);
}

TEST(CapacityEstimator, ConvergesToTheTrueCapacityFromNoisySamples) {
  // Instances really serve 80 requests/s at full occupancy, not the configured 100.
  const double true_capacity = 80;
  CapacityEstimator e({0.7, 0.2, 0.05, 0});
  Rng rng(42);
  for (int i = 0; i < 400; ++i) {
    const int ready = 2 + static_cast<int>(rng.uniform() * 6);
    const double u = 0.3 + 0.6 * rng.uniform();
    const double noise = 1.0 + 0.2 * (rng.uniform() - 0.5);  // +-10%
    ASSERT_TRUE(e.observe(busyPool(ready, u, true_capacity * u * ready * noise)));
  }
  EXPECT_EQ(e.samples(), 400u);
  EXPECT_NEAR(e.perInstanceRps(), true_capacity * 0.7, true_capacity * 0.7 * 0.03);
  EXPECT_NEAR(e.factor(), 0.8, 0.025);
}

TEST(CapacityEstimator, IgnoresIdleAndEmptyWindows) {
  CapacityEstimator e({0.7, 0.2, 0.1, 0});
  EXPECT_TRUE(e.observe(busyPool(2, 0.5, 2 * 0.5 * 60)));  // measures 60 at full occupancy
  const double after_one = e.perInstanceRps();
  EXPECT_NEAR(after_one, (1.0 + 0.6) / 2 * 100 * 0.7, 1e-9);  // prior and sample, equal weight
  // Nearly idle: mirrored traffic too thin to say anything about capacity.
  EXPECT_FALSE(e.observe(busyPool(2, 0.05, 2 * 0.05 * 300)));
  // No ready instance, nothing served, or a disabled pool.
  EXPECT_FALSE(e.observe(busyPool(0, 0.5, 50)));
  EXPECT_FALSE(e.observe(busyPool(2, 0.5, 0)));
  PoolView off = busyPool(2, 0.5, 60);
  off.enabled = false;
  EXPECT_FALSE(e.observe(off));
  EXPECT_EQ(e.samples(), 1u);
  EXPECT_DOUBLE_EQ(e.perInstanceRps(), after_one);
}

TEST(CapacityEstimator, FollowsAChangeOfCpuThroughTheConfiguredCapacity) {
  CapacityEstimator e({0.5, 0.2, 0.1, 0});
  for (int i = 0; i < 50; ++i) {
    e.observe(busyPool(4, 0.5, 4 * 0.5 * 90, 100));  // 90% of configured
  }
  EXPECT_NEAR(e.perInstanceRps(), 45, 0.5);
  // Twice the CPU doubles the configured capacity; the measured factor carries over.
  PoolView bigger = busyPool(4, 0.0, 0, 200);
  e.observe(bigger);
  EXPECT_NEAR(e.perInstanceRps(), 90, 1.0);
}

TEST(CapacityEstimator, LatencyAboveTheLimitCapsTheEstimate) {
  // At 40% utilization instances serve 40 requests/s each, which alone would say 70 at 70%;
  // but p99 already breaks the limit, so no more than 40 can be counted on.
  CapacityEstimator with_limit({0.7, 0.2, 0.5, 200});
  CapacityEstimator without({0.7, 0.2, 0.5, 0});
  for (int i = 0; i < 60; ++i) {
    PoolView p = busyPool(3, 0.4, 3 * 40.0);
    p.p99_latency_ms = 450;
    with_limit.observe(p);
    without.observe(p);
  }
  EXPECT_NEAR(without.perInstanceRps(), 70, 0.5);
  EXPECT_NEAR(with_limit.perInstanceRps(), 40, 0.5);
}

}  // namespace
}  // namespace shadowscale
