#include "sim/sim_pool.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/sampling.h"

namespace shadowscale {
namespace {

// A pool with its own event queue, database pool and billing, as a run would give it.
struct PoolFixture {
  explicit PoolFixture(PoolSpec spec, int db_size = 0)
      : db(db_size),
        billing(CostModel{}),
        pool(PoolId::kLive, spec, Rng(42), events, db, billing) {}
  EventQueue events;
  DbPool db;
  Billing billing;
  SimPool pool;
};

PoolSpec constantService(int workers, TimeNs service, int queue = 16) {
  PoolSpec s;
  s.instance.workers = workers;
  s.instance.service = {service, service};
  s.instance.queue_capacity = queue;
  s.instance.timeout = 10 * kSecond;
  s.instance.provisioning = {2 * kSecond, 2 * kSecond};
  s.instance.startup = {10 * kSecond, 10 * kSecond};
  s.max_instances = 10;
  return s;
}

// Erlang C: the probability that an arrival to an M/M/c queue waits.
double erlangC(int c, double a) {
  double sum = 0, term = 1;
  for (int k = 0; k < c; ++k) {
    if (k > 0) {
      term *= a / k;
    }
    sum += term;
  }
  const double top = term * a / c * (c / (c - a));
  return top / (sum + top);
}

void checkErlangC(int workers, double lambda, double mean_service_s) {
  PoolSpec spec;
  spec.instance.workers = workers;
  spec.instance.service = {fromSeconds(mean_service_s), 0, true};
  spec.instance.queue_capacity = 100000;
  spec.instance.timeout = kHour;
  PoolFixture f(spec);
  f.pool.startReady(1, 0);
  Rng arrivals(9);
  TimeNs t = 0;
  const int n = 2'000'000;
  double wait_sum = 0;
  std::uint64_t waited = 0;
  for (int i = 0; i < n; ++i) {
    t += fromSeconds(fastExponential(arrivals) / lambda);
    const ServiceResult r = f.pool.dispatch(Request{t, 0, 0}, t);
    ASSERT_EQ(r.outcome, Outcome::kOk);
    wait_sum += toSeconds(r.wait);
    waited += r.wait > 0 ? 1 : 0;
  }
  const double a = lambda * mean_service_s;
  const double c_prob = erlangC(workers, a);
  const double mean_wait = c_prob / (workers / mean_service_s - lambda);
  EXPECT_NEAR(static_cast<double>(waited) / n, c_prob, 0.03 * c_prob)
      << "waiting probability, c=" << workers << " rho=" << a / workers;
  EXPECT_NEAR(wait_sum / n, mean_wait, 0.05 * mean_wait)
      << "mean wait, c=" << workers << " rho=" << a / workers;
}

TEST(SimPoolTest, MatchesErlangCForMMc) {
  checkErlangC(4, 320.0, 0.010);    // rho = 0.8
  checkErlangC(1, 70.0, 0.010);     // M/M/1, rho = 0.7
  checkErlangC(16, 1400.0, 0.010);  // rho = 0.875
}

TEST(SimPoolTest, InstancesGoThroughProvisioningAndStartingBeforeServing) {
  PoolFixture f(constantService(1, 10 * kMillisecond));
  f.pool.setDesired(1, 0);
  EXPECT_EQ(f.pool.stateCounts()[0], 1);
  EXPECT_FALSE(f.pool.hasReady());
  EXPECT_EQ(f.pool.dispatch(Request{0}, 0).outcome, Outcome::kRejected);
  f.events.runNext();  // provisioning done at 2 s
  EXPECT_EQ(f.events.now(), 2 * kSecond);
  EXPECT_EQ(f.pool.stateCounts()[1], 1);
  f.events.runNext();  // start-up done at 12 s
  EXPECT_EQ(f.events.now(), 12 * kSecond);
  EXPECT_TRUE(f.pool.hasReady());
  EXPECT_EQ(f.pool.dispatch(Request{12 * kSecond}, 12 * kSecond).outcome, Outcome::kOk);
}

TEST(SimPoolTest, FullQueueRejectsAndWaitingRequestsAreServedInOrder) {
  PoolFixture f(constantService(1, 100 * kMillisecond, 2));
  f.pool.startReady(1, 0);
  EXPECT_EQ(f.pool.dispatch(Request{0}, 0).latency, 100 * kMillisecond);
  EXPECT_EQ(f.pool.dispatch(Request{0}, 0).latency, 200 * kMillisecond);
  EXPECT_EQ(f.pool.dispatch(Request{0}, 0).latency, 300 * kMillisecond);
  EXPECT_EQ(f.pool.dispatch(Request{0}, 0).outcome, Outcome::kRejected);
  // Once the first waiting request starts, there is room again.
  const ServiceResult r = f.pool.dispatch(Request{150 * kMillisecond}, 150 * kMillisecond);
  EXPECT_EQ(r.outcome, Outcome::kOk);
  EXPECT_EQ(r.latency, 250 * kMillisecond);
}

TEST(SimPoolTest, RequestsPastTheTimeoutFail) {
  PoolSpec spec = constantService(1, 400 * kMillisecond, 100);
  spec.instance.timeout = kSecond;
  PoolFixture f(spec);
  f.pool.startReady(1, 0);
  EXPECT_EQ(f.pool.dispatch(Request{0}, 0).outcome, Outcome::kOk);  // ends 0.4 s
  EXPECT_EQ(f.pool.dispatch(Request{0}, 0).outcome, Outcome::kOk);  // ends 0.8 s
  const ServiceResult late = f.pool.dispatch(Request{0}, 0);        // would end 1.2 s
  EXPECT_EQ(late.outcome, Outcome::kTimedOut);
  EXPECT_EQ(late.latency, kSecond);
}

TEST(SimPoolTest, MoreCpuServesFaster) {
  PoolFixture f(constantService(1, 100 * kMillisecond));
  f.pool.startReady(1, 0);
  f.pool.setCpu(2.0, 0);
  EXPECT_EQ(f.pool.dispatch(Request{0}, 0).latency, 50 * kMillisecond);
  EXPECT_DOUBLE_EQ(f.pool.capacityPerInstance(), 20.0);
}

TEST(SimPoolTest, SharedDatabasePoolCapsConcurrencyAcrossInstances) {
  PoolFixture f(constantService(4, 100 * kMillisecond), /*db_size=*/2);
  f.pool.startReady(2, 0);
  // Eight workers, two connections: the third and fourth requests wait for a connection.
  EXPECT_EQ(f.pool.dispatch(Request{0}, 0).latency, 100 * kMillisecond);
  EXPECT_EQ(f.pool.dispatch(Request{0}, 0).latency, 100 * kMillisecond);
  EXPECT_EQ(f.pool.dispatch(Request{0}, 0).latency, 200 * kMillisecond);
  EXPECT_EQ(f.pool.dispatch(Request{0}, 0).latency, 200 * kMillisecond);
}

TEST(SimPoolTest, ScaleDownDrainsNewestReadyAndLetsInFlightWorkFinish) {
  PoolFixture f(constantService(1, 5 * kSecond, 4));
  f.pool.startReady(2, 0);
  f.pool.dispatch(Request{0}, 0);
  f.pool.dispatch(Request{0}, 0);  // both instances busy until 5 s
  f.pool.setDesired(1, kSecond);
  auto counts = f.pool.stateCounts();
  EXPECT_EQ(counts[2], 1);
  EXPECT_EQ(counts[3], 1);  // draining
  f.events.runNext();       // the drain ends when its request finishes
  EXPECT_EQ(f.events.now(), 5 * kSecond);
  counts = f.pool.stateCounts();
  EXPECT_EQ(counts[3], 0);
  EXPECT_EQ(counts[2], 1);
  EXPECT_EQ(f.billing.bill(PoolId::kLive).instances, 1u);
}

TEST(SimPoolTest, ScaleDownRemovesInstancesNotYetReadyFirst) {
  PoolFixture f(constantService(1, 10 * kMillisecond));
  f.pool.startReady(1, 0);
  f.pool.setDesired(3, 0);
  EXPECT_EQ(f.pool.stateCounts()[0], 2);
  f.pool.setDesired(1, kSecond);
  const auto counts = f.pool.stateCounts();
  EXPECT_EQ(counts[0], 0);
  EXPECT_EQ(counts[2], 1);
  EXPECT_EQ(counts[3], 0);
}

TEST(SimPoolTest, UtilizationIsTheOccupiedShareOfWorkerTime) {
  PoolFixture f(constantService(2, 500 * kMillisecond));
  f.pool.startReady(1, 0);
  f.pool.dispatch(Request{0}, 0);
  f.pool.dispatch(Request{kSecond}, kSecond);
  PoolView v;
  f.pool.fillView(v, 2 * kSecond, 2 * kSecond, [](std::uint64_t) { return TimeNs{0}; });
  ASSERT_EQ(v.instances.size(), 1u);
  EXPECT_TRUE(v.instances[0].has_metrics);
  // 1 s of work on 2 workers over 2 s.
  EXPECT_DOUBLE_EQ(v.instances[0].utilization, 0.25);
  EXPECT_DOUBLE_EQ(v.mean_utilization, 0.25);
}

TEST(SimPoolTest, SizeIsClampedToMinAndMax) {
  PoolSpec spec = constantService(1, kMillisecond);
  spec.min_instances = 2;
  spec.max_instances = 4;
  PoolFixture f(spec);
  f.pool.setDesired(10, 0);
  EXPECT_EQ(f.pool.desired(), 4);
  f.pool.setDesired(0, 0);
  EXPECT_EQ(f.pool.desired(), 2);
}

}  // namespace
}  // namespace shadowscale
