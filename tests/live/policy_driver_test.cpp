// The wall-time driver fills the policies' Observation from the proxy's counters and applies
// their decisions to the pools and the router.
#include "live/policy_driver.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "live/static_pool.h"

namespace shadowscale::live {
namespace {

// A policy that keeps what it saw and answers a fixed decision.
class RecordingPolicy final : public ScalingPolicy {
 public:
  std::string_view kind() const override { return "recording"; }
  TimeNs period() const override { return kSecond; }
  Decision decide(const Observation& obs) override {
    seen.push_back(obs);
    return answer;
  }
  std::vector<Observation> seen;
  Decision answer;
};

PoolSpec staticSpec(const std::string& address) {
  PoolSpec s;
  s.fixed = StaticPoolSpec{{address}};
  s.initial_instances = s.min_instances = s.max_instances = 1;
  s.instance.workers = 8;
  s.instance.service = {40 * kMillisecond, 40 * kMillisecond};
  return s;
}

struct DriverFixture {
  boost::asio::io_context control;
  WallClock clock;
  ManualClock router_clock;
  Router router{ProxyConfig{0.0, 10 * kSecond, 0.0}, Rng(1), router_clock};
  StaticPool live{PoolId::kLive, staticSpec("127.0.0.1:1"), 0};
  StaticPool shadow{PoolId::kShadow, staticSpec("127.0.0.1:2"), 0};
  TrafficStats stats{1};
  RecordingPolicy* policy = nullptr;
  std::unique_ptr<PolicyDriver> driver;

  DriverFixture() {
    auto p = std::make_unique<RecordingPolicy>();
    policy = p.get();
    std::vector<std::unique_ptr<ScalingPolicy>> policies;
    policies.push_back(std::move(p));
    driver = std::make_unique<PolicyDriver>(control, clock, router,
                                            std::array<LivePool*, kPoolCount>{&live, &shadow},
                                            stats, std::move(policies));
  }
};

TEST(PolicyDriver, ObservationCarriesTheWindowsTraffic) {
  DriverFixture f;
  for (int i = 0; i < 30; ++i) {
    f.stats.recordAnswered(PoolId::kLive, 200, 10 * kMillisecond);
  }
  f.stats.recordFailure(PoolId::kLive, UpstreamFailure::kTimeout, 504, 2 * kSecond);
  for (int i = 0; i < 10; ++i) {
    f.stats.recordAnswered(PoolId::kShadow, 200, 5 * kMillisecond);
  }
  f.stats.recordMirror(200, kMillisecond);
  const Observation obs = f.driver->observe(0, 2 * kSecond);
  EXPECT_EQ(obs.now, 2 * kSecond);
  EXPECT_EQ(obs.window, 2 * kSecond);
  EXPECT_DOUBLE_EQ(obs.demand_rate, 41.0 / 2);
  const PoolView& live = obs.pool(PoolId::kLive);
  EXPECT_TRUE(live.enabled);
  EXPECT_EQ(live.ready, 1);
  EXPECT_DOUBLE_EQ(live.arrival_rate, 31.0 / 2);
  EXPECT_DOUBLE_EQ(live.served_rate, 30.0 / 2);
  EXPECT_DOUBLE_EQ(live.error_rate, 1.0 / 31);
  EXPECT_NEAR(live.p99_latency_ms, 2000, 10);
  // 8 workers, 40 ms each: 200 requests/s per instance, as the simulator estimates it.
  EXPECT_DOUBLE_EQ(live.configured_capacity_rps, 200);
  const PoolView& shadow = obs.pool(PoolId::kShadow);
  EXPECT_DOUBLE_EQ(shadow.arrival_rate, 5);
  EXPECT_DOUBLE_EQ(shadow.mirror_rate, 0.5);
  EXPECT_NEAR(shadow.p99_latency_ms, 5, 0.1);

  // The next window starts where this one ended.
  f.stats.recordAnswered(PoolId::kLive, 200, kMillisecond);
  const Observation next = f.driver->observe(0, 3 * kSecond);
  EXPECT_EQ(next.window, kSecond);
  EXPECT_DOUBLE_EQ(next.pool(PoolId::kLive).arrival_rate, 1);
  EXPECT_NEAR(next.pool(PoolId::kLive).p99_latency_ms, 1, 0.01);
}

TEST(PolicyDriver, AppliesTheShadowWeightToProxyCore) {
  DriverFixture f;
  Decision d;
  d.shadow_weight = 1.0;
  d.instances[0] = 5;  // a static pool keeps its size
  f.driver->apply(d, 0);
  EXPECT_DOUBLE_EQ(f.router.targetShadowWeight(), 1.0);
  f.router_clock.set(5 * kSecond);
  EXPECT_DOUBLE_EQ(f.router.shadowWeight(), 0.5);  // half-way along the 10 s ramp
  EXPECT_EQ(f.live.readyCount(), 1);
}

TEST(PolicyDriver, RunsThePolicyEveryPeriod) {
  DriverFixture f;
  f.driver->start();
  // Runs the control loop until the policy decided twice (one second apart).
  while (f.policy->seen.size() < 2) {
    f.control.run_one();
  }
  f.driver->stop();
  EXPECT_EQ(f.driver->decisions(), 2u);
  EXPECT_GE(f.policy->seen[1].now - f.policy->seen[0].now, kSecond / 2);
  // The first window reaches back to run time 0, when the counters began; the next ones follow
  // on from each other.
  EXPECT_EQ(f.policy->seen[0].window, f.policy->seen[0].now);
  EXPECT_EQ(f.policy->seen[1].window, f.policy->seen[1].now - f.policy->seen[0].now);
}

}  // namespace
}  // namespace shadowscale::live
