#include "tune/fluid_pool.h"

#include <gtest/gtest.h>

#include <cmath>

namespace shadowscale {
namespace {

// One pool of 1-worker instances at 100 ms (10 requests/s each), constant start-up times.
PoolSpec spec() {
  PoolSpec s;
  s.instance.provisioning = {5 * kSecond, 5 * kSecond};
  s.instance.startup = {25 * kSecond, 25 * kSecond};
  s.instance.workers = 1;
  s.instance.service = {100 * kMillisecond, 100 * kMillisecond};
  s.instance.queue_capacity = 10;
  s.instance.timeout = 5 * kSecond;
  s.max_instances = 10;
  return s;
}

TEST(FluidPoolTest, ErlangCMatchesTheTextbook) {
  EXPECT_NEAR(erlangC(1, 0.5), 0.5, 1e-12);        // M/M/1: P(wait) = rho
  EXPECT_NEAR(erlangC(2, 1.0), 1.0 / 3.0, 1e-12);  // M/M/2 at rho 0.5
  EXPECT_DOUBLE_EQ(erlangC(4, 4.0), 1.0);
  EXPECT_DOUBLE_EQ(erlangC(4, 0.0), 0.0);
}

TEST(FluidPoolTest, ServiceTailsFollowTheirDistributions) {
  EXPECT_NEAR(durationTail({20 * kMillisecond, 80 * kMillisecond}, 80 * kMillisecond), 0.01, 1e-9);
  EXPECT_NEAR(durationTail({kSecond, 0, true}, 2 * kSecond), std::exp(-2.0), 1e-12);
  EXPECT_DOUBLE_EQ(durationTail({kSecond, kSecond}, 2 * kSecond), 0.0);
  EXPECT_DOUBLE_EQ(squaredVariation({kSecond, 0, true}), 1.0);
  EXPECT_DOUBLE_EQ(squaredVariation({kSecond, kSecond}), 0.0);
}

TEST(FluidPoolTest, WithoutAReadyInstanceEveryRequestFails) {
  Billing billing(CostModel{});
  FluidPool pool(PoolId::kLive, spec(), Rng(1), billing, 1);
  const FluidFlow f = pool.serve(10, 2, 5 * kSecond, 300 * kMillisecond);
  EXPECT_DOUBLE_EQ(f.primary, 50);
  EXPECT_DOUBLE_EQ(f.primary_failed, 50);
  EXPECT_DOUBLE_EQ(f.mirror_failed, 10);
}

TEST(FluidPoolTest, LightLoadIsServedInTimeAndOverloadQueuesThenRejects) {
  Billing billing(CostModel{});
  FluidPool pool(PoolId::kLive, spec(), Rng(1), billing, 1);
  pool.startReady(2, 0);  // 20 requests/s
  const FluidFlow light = pool.serve(5, 0, 5 * kSecond, 2 * kSecond);
  EXPECT_DOUBLE_EQ(light.primary_failed, 0);
  EXPECT_LT(light.primary_over_target, 0.01 * light.primary);
  // 40/s against 20/s: 100 extra requests a step; the queues hold 20, the rest are turned away.
  const FluidFlow heavy = pool.serve(40, 0, 5 * kSecond, 300 * kMillisecond);
  EXPECT_NEAR(heavy.primary_failed, 80, 1e-9);
  EXPECT_GE(heavy.primary_over_target, 0.8 * heavy.primary_ok) << "the queue waits up to 1 s";
}

TEST(FluidPoolTest, InstancesServeOnlyOnceProvisionedAndStarted) {
  Billing billing(CostModel{});
  FluidPool pool(PoolId::kLive, spec(), Rng(1), billing, 1);
  pool.setDesired(3, 0);
  pool.advance(29 * kSecond);
  EXPECT_EQ(pool.ready(), 0);
  pool.advance(30 * kSecond);
  EXPECT_EQ(pool.ready(), 3);
  EXPECT_NEAR(billing.accrued(PoolId::kLive, kMinute).instance_hours, 3.0 / 60, 1e-12);
}

TEST(FluidPoolTest, ScaleInRemovesInstancesNotYetReadyFirst) {
  Billing billing(CostModel{});
  FluidPool pool(PoolId::kLive, spec(), Rng(1), billing, 1);
  pool.startReady(2, 0);
  pool.setDesired(4, 0);
  pool.setDesired(2, kSecond);
  pool.advance(kMinute);
  EXPECT_EQ(pool.ready(), 2);
  PoolView v;
  pool.fillView(v, kMinute, kMinute, 0);
  EXPECT_EQ(v.instances.size(), 2u);
  EXPECT_EQ(v.ready, 2);
  EXPECT_EQ(v.desired, 2);
}

TEST(FluidPoolTest, ViewsReportTheUtilizationOfTheWindow) {
  Billing billing(CostModel{});
  FluidPool pool(PoolId::kLive, spec(), Rng(1), billing, 2);
  pool.startReady(2, 0);
  for (TimeNs t = 0; t < 15 * kSecond; t += 5 * kSecond) {
    pool.serve(10, 0, 5 * kSecond, kSecond);  // half of 20/s
  }
  PoolView v;
  pool.fillView(v, 15 * kSecond, 15 * kSecond, 0);
  ASSERT_EQ(v.instances.size(), 2u);
  EXPECT_TRUE(v.instances[0].has_metrics);
  EXPECT_NEAR(v.instances[0].utilization, 0.5, 1e-12);
  EXPECT_NEAR(v.mean_utilization, 0.5, 1e-12);
  EXPECT_NEAR(v.configured_capacity_rps, 10, 1e-12);
  for (TimeNs t = 0; t < 15 * kSecond; t += 5 * kSecond) {
    pool.serve(20, 0, 5 * kSecond, kSecond);
  }
  pool.fillView(v, 30 * kSecond, 15 * kSecond, 0);
  EXPECT_NEAR(v.mean_utilization, 1.0, 1e-12) << "slot 0 sees only its own window";
  pool.fillView(v, 30 * kSecond, 30 * kSecond, 1);
  EXPECT_NEAR(v.mean_utilization, 0.75, 1e-12) << "slot 1 has not looked before";
}

}  // namespace
}  // namespace shadowscale
