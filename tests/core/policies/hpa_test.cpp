#include "core/policies/hpa.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/input_error.h"

namespace shadowscale {
namespace {

constexpr TimeNs kSync = 15 * kSecond;
// Test time starts well after the instances' start, so none is within its initialization period.
constexpr TimeNs kStart = kHour;

// An instance started at time 0, ready since 30 s, with a sample at `utilization`.
InstanceView readyInstance(std::uint64_t id, double utilization) {
  InstanceView v;
  v.id = id;
  v.state = InstanceState::kReady;
  v.created_at = 0;
  v.started_at = 0;
  v.ready_at = 30 * kSecond;
  v.has_metrics = true;
  v.utilization = utilization;
  return v;
}

InstanceView provisioningInstance(std::uint64_t id, TimeNs created_at) {
  InstanceView v;
  v.id = id;
  v.state = InstanceState::kProvisioning;
  v.created_at = created_at;
  return v;
}

PoolView poolOf(int desired, std::vector<InstanceView> instances) {
  PoolView p;
  p.enabled = true;
  p.desired = desired;
  p.instances = std::move(instances);
  return p;
}

PoolView uniformPool(int n, double utilization) {
  std::vector<InstanceView> v;
  for (int i = 0; i < n; ++i) {
    v.push_back(readyInstance(static_cast<std::uint64_t>(i), utilization));
  }
  return poolOf(n, std::move(v));
}

Observation observe(TimeNs now, PoolView pool, PoolId target = PoolId::kLive) {
  Observation obs;
  obs.now = now;
  obs.window = kSync;
  obs.pools[index(target)] = std::move(pool);
  return obs;
}

// Runs an HPA against a pool that reaches the asked-for size at once, every instance at the
// utilization the test sets; records the size after each sync.
class Harness {
 public:
  explicit Harness(HpaConfig config, int initial) : policy_(std::move(config)), size_(initial) {}

  int step(double utilization) {
    const Decision d = policy_.decide(observe(now_, uniformPool(size_, utilization)));
    EXPECT_TRUE(d.instances[index(PoolId::kLive)].has_value());
    size_ = *d.instances[index(PoolId::kLive)];
    now_ += kSync;
    return size_;
  }
  TimeNs now() const { return now_; }
  const HpaPolicy& policy() const { return policy_; }

 private:
  HpaPolicy policy_;
  int size_;
  TimeNs now_ = kStart;
};

HpaConfig noStabilization() {
  HpaConfig c;
  c.scale_down.stabilization_window = 0;
  return c;
}

// --- the replica calculation -------------------------------------------------------------

TEST(HpaReplicaCalculation, DocumentedExample50ReplicasAt90PercentWith75TargetGives60) {
  HpaConfig c;
  c.target_utilization = 0.75;
  const HpaReplicaCalculation calc =
      calculateHpaReplicas(50, uniformPool(50, 0.9), kStart, kSync, c);
  ASSERT_TRUE(calc.replicas.has_value());
  EXPECT_EQ(*calc.replicas, 60);
  EXPECT_EQ(calc.utilization_percent, 90);
  EXPECT_EQ(calc.ready, 50);
}

TEST(HpaReplicaCalculation, RatioWithinToleranceKeepsCurrentCount) {
  HpaConfig c;
  c.target_utilization = 0.8;
  // 84% / 80% = 1.05 and 76% / 80% = 0.95: within the default 0.1.
  EXPECT_EQ(*calculateHpaReplicas(10, uniformPool(10, 0.84), kStart, kSync, c).replicas, 10);
  EXPECT_EQ(*calculateHpaReplicas(10, uniformPool(10, 0.76), kStart, kSync, c).replicas, 10);
  // 92% / 80% = 1.15: outside, ceil(1.15 * 10) = 12.
  EXPECT_EQ(*calculateHpaReplicas(10, uniformPool(10, 0.92), kStart, kSync, c).replicas, 12);
  c.tolerance = 0.01;
  EXPECT_EQ(*calculateHpaReplicas(10, uniformPool(10, 0.84), kStart, kSync, c).replicas, 11);
}

TEST(HpaReplicaCalculation, UtilizationIsTruncatedToWholePercent) {
  HpaConfig c;
  c.target_utilization = 0.5;
  c.tolerance = 0;
  // 50.9% reads as 50%: exactly on target, no change.
  const HpaReplicaCalculation calc =
      calculateHpaReplicas(4, uniformPool(4, 0.509), kStart, kSync, c);
  EXPECT_EQ(calc.utilization_percent, 50);
  EXPECT_EQ(*calc.replicas, 4);
}

TEST(HpaReplicaCalculation, MissingInstancesCountAsFullOnScaleDown) {
  HpaConfig c;
  c.target_utilization = 0.5;
  std::vector<InstanceView> v;
  for (int i = 0; i < 4; ++i) {
    v.push_back(readyInstance(i, 0.3));
  }
  // Without the missing ones: 30% / 50% = 0.6, ceil(0.6 * 4) = 3.
  EXPECT_EQ(*calculateHpaReplicas(4, poolOf(4, v), kStart, kSync, c).replicas, 3);
  for (int i = 4; i < 6; ++i) {
    InstanceView m = readyInstance(i, 0.0);
    m.has_metrics = false;
    v.push_back(m);
  }
  // With two missing at 100%: (4*30 + 2*100) / 6 = 53% -> 1.06, within tolerance: keep 6.
  const HpaReplicaCalculation calc = calculateHpaReplicas(6, poolOf(6, v), kStart, kSync, c);
  EXPECT_EQ(calc.missing, 2);
  EXPECT_EQ(calc.ready, 4);
  EXPECT_EQ(*calc.replicas, 6);
  // With one missing: (120 + 100) / 5 = 44% -> 0.88, ceil(0.88 * 5) = 5, not 3.
  v.pop_back();
  EXPECT_EQ(*calculateHpaReplicas(5, poolOf(5, v), kStart, kSync, c).replicas, 5);
}

TEST(HpaReplicaCalculation, MissingInstancesCountAsZeroOnScaleUp) {
  HpaConfig c;
  c.target_utilization = 0.5;
  std::vector<InstanceView> v;
  for (int i = 0; i < 3; ++i) {
    v.push_back(readyInstance(i, 0.6));
  }
  for (int i = 3; i < 5; ++i) {
    InstanceView m = readyInstance(i, 0.0);
    m.has_metrics = false;
    v.push_back(m);
  }
  // Ready alone: 1.2 (scale up). Missing at 0: 180 / 5 = 36% -> 0.72, the direction turns round:
  // keep 5 rather than shrink to ceil(1.2 * 3) = 4.
  const HpaReplicaCalculation calc = calculateHpaReplicas(5, poolOf(5, v), kStart, kSync, c);
  EXPECT_DOUBLE_EQ(calc.usage_ratio, 1.2);
  EXPECT_EQ(*calc.replicas, 5);
}

TEST(HpaReplicaCalculation, WarmingUpInstancesCountAsZeroOnScaleUp) {
  HpaConfig c;
  c.target_utilization = 0.5;
  std::vector<InstanceView> v{readyInstance(0, 1.0), readyInstance(1, 1.0)};
  for (int i = 2; i < 4; ++i) {
    // Started 20 s ago, not ready yet, burning start-up CPU.
    InstanceView s;
    s.id = i;
    s.state = InstanceState::kStarting;
    s.created_at = kStart - 25 * kSecond;
    s.started_at = kStart - 20 * kSecond;
    s.has_metrics = true;
    s.utilization = 1.0;
    v.push_back(s);
  }
  // Counting the warm-up CPU would ask for ceil(2 * 4) = 8; set aside and rebalanced at 0 the
  // ratio is 200 / 4 / 50 = 1.0: keep 4.
  const HpaReplicaCalculation calc = calculateHpaReplicas(4, poolOf(4, v), kStart, kSync, c);
  EXPECT_EQ(calc.unready, 2);
  EXPECT_EQ(*calc.replicas, 4);

  // The ready two at 60% ask for 1.2x, ceil(2.4) = 3 over themselves alone; with the warming
  // two at 0 the ratio is 0.6, the direction turns round, and the pool is not shrunk to 3.
  v[0].utilization = 0.6;
  v[1].utilization = 0.6;
  EXPECT_EQ(*calculateHpaReplicas(4, poolOf(4, v), kStart, kSync, c).replicas, 4);

  // Ten ready at 60% ask for ceil(1.2 * 10) = 12; the one warming up, counted at 0, brings the
  // ratio to 6000 / 11 / 50 = 1.08, within tolerance: stay at 11.
  std::vector<InstanceView> w;
  for (int i = 0; i < 10; ++i) {
    w.push_back(readyInstance(i, 0.6));
  }
  w.push_back(v[2]);
  EXPECT_EQ(*calculateHpaReplicas(11, poolOf(11, w), kStart, kSync, c).replicas, 11);
}

TEST(HpaReplicaCalculation, PendingInstancesDoNotHoldBackAScaleUpThatIsStillNeeded) {
  HpaConfig c;
  c.target_utilization = 0.5;
  std::vector<InstanceView> v{readyInstance(0, 1.0), readyInstance(1, 1.0),
                              provisioningInstance(2, kStart - kSecond)};
  // 200 / 3 = 66% -> 1.32: ceil(1.32 * 3) = 4.
  const HpaReplicaCalculation calc = calculateHpaReplicas(3, poolOf(3, v), kStart, kSync, c);
  EXPECT_EQ(calc.unready, 1);
  EXPECT_EQ(*calc.replicas, 4);
}

TEST(HpaReplicaCalculation, UnreadyInstancesAreNotCountedOnScaleDown) {
  HpaConfig c;
  c.target_utilization = 0.5;
  std::vector<InstanceView> v{readyInstance(0, 0.1), readyInstance(1, 0.1),
                              provisioningInstance(2, kStart - kSecond)};
  // 10% / 50% = 0.2 over the two ready: ceil(0.4) = 1.
  EXPECT_EQ(*calculateHpaReplicas(3, poolOf(3, v), kStart, kSync, c).replicas, 1);
}

TEST(HpaReplicaCalculation, RebalancedCountAboveCurrentOnAScaleDownKeepsCurrent) {
  HpaConfig c;
  c.target_utilization = 0.75;
  c.tolerance = 0;
  std::vector<InstanceView> v{readyInstance(0, 0.6), readyInstance(1, 0.6), readyInstance(2, 0.6)};
  InstanceView m = readyInstance(3, 0);
  m.has_metrics = false;
  v.push_back(m);
  // 0.8 -> missing at 100%: 280 / 4 = 70% -> 0.933, ceil(3.73) = 4 > current 3: keep 3.
  EXPECT_EQ(*calculateHpaReplicas(3, poolOf(3, v), kStart, kSync, c).replicas, 3);
}

TEST(HpaReplicaCalculation, NoReadySampleGivesNoRecommendation) {
  HpaConfig c;
  std::vector<InstanceView> v{provisioningInstance(0, kStart - kSecond)};
  InstanceView m = readyInstance(1, 0);
  m.has_metrics = false;
  v.push_back(m);
  const HpaReplicaCalculation calc = calculateHpaReplicas(2, poolOf(2, v), kStart, kSync, c);
  EXPECT_FALSE(calc.replicas.has_value());
  EXPECT_FALSE(calculateHpaReplicas(0, poolOf(0, {}), kStart, kSync, c).replicas.has_value());
}

TEST(HpaReplicaCalculation, UsesTheCpuAllocationOfTheInstances) {
  HpaConfig c;
  c.target_utilization = 0.5;
  PoolView p = uniformPool(3, 0.75);
  p.cpu_per_instance = 0.25;
  // Utilization is a share of the allocation whatever its size: 75% / 50% -> ceil(4.5) = 5.
  EXPECT_EQ(*calculateHpaReplicas(3, p, kStart, kSync, c).replicas, 5);
}

// --- instance grouping -------------------------------------------------------------------

TEST(HpaInstanceGroups, FollowTheControllersRules) {
  HpaConfig c;  // cpu_initialization_period 300 s, initial_readiness_delay 30 s
  const TimeNs now = kStart;
  const TimeNs window = kSync;

  EXPECT_EQ(classifyHpaInstance(provisioningInstance(0, now - kSecond), now, window, c),
            HpaPodGroup::kUnready);

  InstanceView v = readyInstance(0, 0.5);
  v.started_at = now - kMinute;
  v.ready_at = now - 10 * kSecond;
  // Within the initialization period, ready for less than a metric window: its sample still
  // holds start-up CPU.
  EXPECT_EQ(classifyHpaInstance(v, now, window, c), HpaPodGroup::kUnready);
  v.ready_at = now - 20 * kSecond;
  EXPECT_EQ(classifyHpaInstance(v, now, window, c), HpaPodGroup::kReady);

  InstanceView s = v;
  s.state = InstanceState::kStarting;
  s.ready_at = -1;
  EXPECT_EQ(classifyHpaInstance(s, now, window, c), HpaPodGroup::kUnready);
  s.has_metrics = false;
  EXPECT_EQ(classifyHpaInstance(s, now, window, c), HpaPodGroup::kMissing);

  // After the initialization period, an instance never ready is set aside only while its
  // readiness could still be within initial_readiness_delay; with the delay at 0 it counts.
  InstanceView late = s;
  late.has_metrics = true;
  late.started_at = now - 10 * kMinute;
  EXPECT_EQ(classifyHpaInstance(late, now, window, c), HpaPodGroup::kUnready);
  HpaConfig no_delay = c;
  no_delay.initial_readiness_delay = 0;
  EXPECT_EQ(classifyHpaInstance(late, now, window, no_delay), HpaPodGroup::kReady);

  InstanceView ready_missing = readyInstance(0, 0.5);
  ready_missing.has_metrics = false;
  EXPECT_EQ(classifyHpaInstance(ready_missing, now, window, c), HpaPodGroup::kMissing);

  InstanceView draining = readyInstance(0, 0.5);
  draining.state = InstanceState::kDraining;
  EXPECT_EQ(classifyHpaInstance(draining, now, window, c), HpaPodGroup::kIgnored);
}

// --- the controller ------------------------------------------------------------------------

TEST(HpaPolicy, DocumentedExampleScalesFrom50To60) {
  HpaPolicy hpa(HpaConfig{});
  const Decision d = hpa.decide(observe(kStart, uniformPool(50, 0.9)));
  EXPECT_EQ(d.instances[index(PoolId::kLive)], 60);
  EXPECT_FALSE(d.instances[index(PoolId::kShadow)].has_value());
  EXPECT_EQ(hpa.lastStatus().metric_replicas, 60);
  EXPECT_EQ(hpa.lastStatus().reason, "DesiredWithinRange");
}

TEST(HpaPolicy, DocumentedScaleDownFrom80To10StepsOncePerMinute) {
  HpaConfig c = noStabilization();
  c.min_replicas = 10;
  c.scale_down.select = HpaScalingRules::Select::kMax;
  c.scale_down.policies = {{HpaRatePolicy::Type::kPods, 4, 60 * kSecond},
                           {HpaRatePolicy::Type::kPercent, 10, 60 * kSecond}};
  Harness h(c, 80);
  std::vector<int> per_minute;
  std::vector<int> all;
  for (int i = 0; i < 4 * 16; ++i) {
    all.push_back(h.step(0.01));  // far below target: the metric asks for the minimum
    if (i % 4 == 0) {
      per_minute.push_back(all.back());
    }
  }
  // -10% (rounded up to whole instances) while that is more than 4, then -4 from 40 down.
  const std::vector<int> expected{72, 64, 57, 51, 45, 40, 36, 32, 28, 24, 20, 16, 12, 10, 10, 10};
  EXPECT_EQ(per_minute, expected);
  // Nothing moves between the minute marks.
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i], per_minute[i / 4]) << "sync " << i;
  }
}

TEST(HpaPolicy, DefaultScaleUpLimitIsDoubleOrFourPodsPer15Seconds) {
  HpaConfig c;
  c.target_utilization = 0.1;
  Harness h(c, 2);
  std::vector<int> sizes;
  for (int i = 0; i < 7; ++i) {
    sizes.push_back(h.step(1.0));  // ratio 10: the metric asks for 10x
  }
  // max(+100%, +4) each sync, then max_replicas = 100.
  EXPECT_EQ(sizes, (std::vector<int>{6, 12, 24, 48, 96, 100, 100}));
}

TEST(HpaPolicy, DefaultScaleDownStabilizationWaitsOutTheWindow) {
  HpaConfig c;  // scale_down.stabilization_window = 300 s
  Harness h(c, 10);
  for (int i = 0; i < 30; ++i) {
    ASSERT_EQ(h.step(0.75), 10);  // on target
  }
  const TimeNs dip = h.now();
  // The last on-target recommendation was made at dip - 15 s; it leaves the window at
  // dip + 285 s. Until then the highest recent recommendation (10) holds.
  while (h.now() < dip + 285 * kSecond) {
    ASSERT_EQ(h.step(0.3), 10) << "at " << toSeconds(h.now() - dip) << " s after the dip";
    EXPECT_EQ(h.policy().lastStatus().reason, "ScaleDownStabilized");
  }
  EXPECT_EQ(h.step(0.3), 4);  // ceil(0.4 * 10)
}

TEST(HpaPolicy, ShortDipWithinTheWindowNeverScalesDown) {
  HpaConfig c;
  Harness h(c, 10);
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < 8; ++i) {
      ASSERT_EQ(h.step(0.2), 10);  // two minutes low
    }
    for (int i = 0; i < 4; ++i) {
      ASSERT_EQ(h.step(0.75), 10);  // one minute on target
    }
  }
}

TEST(HpaPolicy, FirstSyncDoesNotScaleDown) {
  HpaPolicy hpa(HpaConfig{});
  const Decision d = hpa.decide(observe(kStart, uniformPool(10, 0.1)));
  EXPECT_EQ(d.instances[index(PoolId::kLive)], 10);
}

TEST(HpaPolicy, ScaleUpStabilizationTakesTheLowestRecentRecommendation) {
  HpaConfig c;
  c.scale_up.stabilization_window = 60 * kSecond;
  Harness h(c, 4);
  EXPECT_EQ(h.step(0.75), 4);  // on target, recommendation 4
  EXPECT_EQ(h.step(1.5), 4);   // asks for 8, but 4 was recommended 15 s ago
  EXPECT_EQ(h.policy().lastStatus().reason, "ScaleUpStabilized");
  EXPECT_EQ(h.step(1.5), 4);
  EXPECT_EQ(h.step(1.5), 4);
  EXPECT_EQ(h.step(1.5), 8);  // the 4 is now 60 s old
}

TEST(HpaPolicy, ClampsToMinAndMaxReplicas) {
  HpaConfig c = noStabilization();
  c.min_replicas = 3;
  c.max_replicas = 7;
  {
    Harness h(c, 5);
    EXPECT_EQ(h.step(0.01), 3);
    EXPECT_EQ(h.policy().lastStatus().reason, "TooFewReplicas");
  }
  {
    Harness h(c, 5);
    EXPECT_EQ(h.step(2.0), 7);
    EXPECT_EQ(h.policy().lastStatus().reason, "TooManyReplicas");
  }
}

TEST(HpaPolicy, OutOfRangeCountIsCorrectedAtOnce) {
  HpaConfig c;
  c.min_replicas = 20;
  c.max_replicas = 30;
  HpaPolicy low(c);
  // From 1 to 20 in one sync, past the 4-pod / 100% scale-up limit.
  EXPECT_EQ(low.decide(observe(kStart, uniformPool(1, 0.75))).instances[0], 20);
  EXPECT_EQ(low.lastStatus().reason, "BelowMinReplicas");
  HpaPolicy high(c);
  EXPECT_EQ(high.decide(observe(kStart, uniformPool(50, 0.75))).instances[0], 30);
}

TEST(HpaPolicy, TargetScaledToZeroIsLeftAlone) {
  HpaPolicy hpa(HpaConfig{});
  const Decision d = hpa.decide(observe(kStart, poolOf(0, {})));
  EXPECT_EQ(d.instances[index(PoolId::kLive)], 0);
  EXPECT_EQ(hpa.lastStatus().reason, "ScalingDisabled");
}

TEST(HpaPolicy, NoUsableMetricsKeepsTheCurrentCount) {
  HpaPolicy hpa(HpaConfig{});
  std::vector<InstanceView> v{provisioningInstance(0, kStart - kSecond),
                              provisioningInstance(1, kStart - kSecond)};
  const Decision d = hpa.decide(observe(kStart, poolOf(2, v)));
  EXPECT_EQ(d.instances[index(PoolId::kLive)], 2);
  EXPECT_EQ(hpa.lastStatus().reason, "FailedGetResourceMetric");
}

TEST(HpaPolicy, SelectPolicyMinTakesTheSmallestChange) {
  HpaConfig c = noStabilization();
  c.scale_up.select = HpaScalingRules::Select::kMin;  // default policies: 100% and 4 pods
  {
    Harness h(c, 10);
    EXPECT_EQ(h.step(3.0), 14);  // min(20, 14)
    EXPECT_EQ(h.policy().lastStatus().reason, "ScaleUpLimit");
  }
  c.scale_down.select = HpaScalingRules::Select::kMin;
  c.scale_down.policies = {{HpaRatePolicy::Type::kPods, 4, 60 * kSecond},
                           {HpaRatePolicy::Type::kPercent, 10, 60 * kSecond}};
  Harness h(c, 80);
  EXPECT_EQ(h.step(0.01), 76);  // max(72, 76): the smaller change
}

TEST(HpaPolicy, SelectPolicyDisabledBlocksThatDirectionOnly) {
  HpaConfig c = noStabilization();
  c.scale_up.select = HpaScalingRules::Select::kDisabled;
  Harness h(c, 10);
  EXPECT_EQ(h.step(3.0), 10);
  EXPECT_EQ(h.step(3.0), 10);
  EXPECT_EQ(h.step(0.3), 4);  // scale-down still works

  HpaConfig d = noStabilization();
  d.scale_down.select = HpaScalingRules::Select::kDisabled;
  Harness g(d, 10);
  EXPECT_EQ(g.step(0.1), 10);
  EXPECT_EQ(g.step(1.5), 20);
}

TEST(HpaPolicy, PeriodStartCountsRecentRemovalsForScaleUp) {
  HpaConfig c = noStabilization();
  c.scale_up.policies = {{HpaRatePolicy::Type::kPods, 4, 60 * kSecond}};
  Harness h(c, 20);
  EXPECT_EQ(h.step(0.375), 10);  // 37% / 75% -> ceil(0.4933 * 20) = 10, all at once
  // 15 s later a scale-up: the period started at 10 + 10 removed = 20, so up to 24.
  EXPECT_EQ(h.step(3.0), 24);
  // Within the same minute the period still starts at 24 - 14 + 10 = 20: the limit stays 24.
  EXPECT_EQ(h.step(3.0), 24);
}

TEST(HpaPolicy, ScalesTheConfiguredTargetPoolOnly) {
  HpaConfig c;
  c.target = PoolId::kShadow;
  HpaPolicy hpa(c);
  const Decision d = hpa.decide(observe(kStart, uniformPool(50, 0.9), PoolId::kShadow));
  EXPECT_EQ(d.instances[index(PoolId::kShadow)], 60);
  EXPECT_FALSE(d.instances[index(PoolId::kLive)].has_value());
  EXPECT_EQ(hpa.period(), 15 * kSecond);
  EXPECT_EQ(hpa.kind(), "hpa");
}

TEST(HpaPolicy, HistoryStaysBoundedOverALongRun) {
  HpaConfig c;
  c.scale_down.policies = {{HpaRatePolicy::Type::kPods, 4, 60 * kSecond}};
  Harness h(c, 10);
  std::size_t most = 0;
  for (int i = 0; i < 5000; ++i) {
    const double u = (i / 40) % 2 == 0 ? 1.5 : 0.2;  // ten minutes high, ten low
    h.step(u);
    most = std::max(most, h.policy().historySize());
  }
  // 300 s / 15 s + 1 recommendations, 60 s / 15 s scale events per direction at most.
  EXPECT_LE(most, 21u + 4u + 4u);
  EXPECT_GE(most, 21u);
}

TEST(HpaConfigCheck, NamesEveryBadSetting) {
  HpaConfig c;
  c.min_replicas = 5;
  c.max_replicas = 2;
  c.target_utilization = 0;
  c.tolerance = -0.1;
  c.sync_period = 0;
  c.scale_up.stabilization_window = 2 * kHour;
  c.scale_down.policies = {{HpaRatePolicy::Type::kPods, 0, 60 * kSecond},
                           {HpaRatePolicy::Type::kPercent, 10, 3600 * kSecond}};
  std::vector<std::string> fields;
  for (const ConfigProblem& p : checkHpaConfig(c)) {
    fields.push_back(p.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"max_replicas", "target_utilization", "tolerance",
                                              "sync_period", "scale_up.stabilization_window",
                                              "scale_down.policy[1].value",
                                              "scale_down.policy[2].period"}));
  EXPECT_TRUE(checkHpaConfig(HpaConfig{}).empty());
}

TEST(HpaConfigCheck, ConstructorRejectsABadConfigWithTheSettingsName) {
  HpaConfig c;
  c.scale_down.policies = {{HpaRatePolicy::Type::kPercent, 10, 3600 * kSecond}};
  try {
    HpaPolicy hpa(c);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("hpa.scale_down.policy[1].period"), std::string::npos)
        << e.what();
  }
  HpaConfig empty;
  empty.scale_up.policies.clear();
  EXPECT_THROW(HpaPolicy{empty}, InputError);
  empty.scale_up.select = HpaScalingRules::Select::kDisabled;
  EXPECT_NO_THROW(HpaPolicy{empty});
}

}  // namespace
}  // namespace shadowscale
