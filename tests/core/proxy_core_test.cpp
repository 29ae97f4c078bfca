#include "core/proxy_core.h"

#include <gtest/gtest.h>

namespace shadowscale {
namespace {

TEST(ProxyCoreTest, MirrorsTheConfiguredFractionOfLiveRequests) {
  ProxyCore core({0.25, kMinute, 0.0}, Rng(1));
  int mirrored = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const RouteDecision d = core.route(i, true, true);
    EXPECT_EQ(d.primary, PoolId::kLive);
    mirrored += d.mirror ? 1 : 0;
  }
  EXPECT_NEAR(static_cast<double>(mirrored) / n, 0.25, 0.005);
}

TEST(ProxyCoreTest, SameSeedSameDecisions) {
  ProxyCore a({0.3, kMinute, 0.5}, Rng(7));
  ProxyCore b({0.3, kMinute, 0.5}, Rng(7));
  for (int i = 0; i < 1000; ++i) {
    const RouteDecision x = a.route(i, true, true);
    const RouteDecision y = b.route(i, true, true);
    EXPECT_EQ(x.primary, y.primary);
    EXPECT_EQ(x.mirror, y.mirror);
  }
}

TEST(ProxyCoreTest, NoMirrorWhenFractionIsZeroOrPrimaryIsShadow) {
  ProxyCore none({0.0, kMinute, 0.0}, Rng(1));
  ProxyCore all_shadow({1.0, kMinute, 1.0}, Rng(1));
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(none.route(i, true, true).mirror);
    const RouteDecision d = all_shadow.route(i, true, true);
    EXPECT_EQ(d.primary, PoolId::kShadow);
    EXPECT_FALSE(d.mirror);
  }
}

TEST(ProxyCoreTest, WeightRampsLinearlyOverTheTransition) {
  ProxyCore core({0.0, 100 * kSecond, 0.0}, Rng(1));
  core.setShadowWeight(1.0, 10 * kSecond);
  EXPECT_DOUBLE_EQ(core.shadowWeight(10 * kSecond), 0.0);
  EXPECT_DOUBLE_EQ(core.shadowWeight(60 * kSecond), 0.5);
  EXPECT_DOUBLE_EQ(core.shadowWeight(110 * kSecond), 1.0);
  EXPECT_TRUE(core.inTransition(60 * kSecond));
  EXPECT_FALSE(core.inTransition(110 * kSecond));
  // A reversal mid-ramp starts from where the weight is, not from the old target.
  core.setShadowWeight(1.0, 10 * kSecond);
  ProxyCore back({0.0, 100 * kSecond, 0.0}, Rng(1));
  back.setShadowWeight(1.0, 0);
  back.setShadowWeight(0.0, 50 * kSecond);
  EXPECT_DOUBLE_EQ(back.shadowWeight(50 * kSecond), 0.5);
  EXPECT_DOUBLE_EQ(back.shadowWeight(100 * kSecond), 0.25);
}

TEST(ProxyCoreTest, SplitFollowsTheWeightDuringTheRamp) {
  ProxyCore core({0.0, 100 * kSecond, 0.0}, Rng(3));
  core.setShadowWeight(1.0, 0);
  int shadow = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    shadow += core.route(50 * kSecond, true, true).primary == PoolId::kShadow ? 1 : 0;
  }
  EXPECT_NEAR(static_cast<double>(shadow) / n, 0.5, 0.01);
}

TEST(ProxyCoreTest, NeverRoutesToAPoolWithNothingReadyWhileTheOtherHasCapacity) {
  ProxyCore core({0.0, 0, 1.0}, Rng(1));
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(core.route(i, true, false).primary, PoolId::kLive);
  }
  ProxyCore live_down({0.0, 0, 0.0}, Rng(1));
  EXPECT_EQ(live_down.route(0, false, true).primary, PoolId::kShadow);
}

}  // namespace
}  // namespace shadowscale
