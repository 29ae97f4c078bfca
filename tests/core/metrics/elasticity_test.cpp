#include "core/metrics/elasticity.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace shadowscale {
namespace {

TEST(Elasticity, MatchesHandComputedExample) {
  ElasticityTracker e;
  e.add(60 * kSecond, 4, 2);  // under by half of demand
  e.add(60 * kSecond, 2, 3);  // over by half of demand
  e.add(60 * kSecond, 0, 1);  // no demand: skipped in theta, over-provisioned in tau
  e.add(60 * kSecond, 3, 3);  // exact
  EXPECT_EQ(e.totalTime(), 240 * kSecond);
  EXPECT_EQ(e.demandTime(), 180 * kSecond);
  EXPECT_NEAR(e.thetaU(), 100.0 / 180.0 * 0.5 * 60.0, 1e-9);
  EXPECT_NEAR(e.thetaO(), 100.0 / 180.0 * 0.5 * 60.0, 1e-9);
  EXPECT_NEAR(e.tauU(), 25.0, 1e-9);
  EXPECT_NEAR(e.tauO(), 50.0, 1e-9);
}

TEST(Elasticity, WeighsIntervalsByTheirLength) {
  ElasticityTracker e;
  e.add(kHour, 10, 10);
  e.add(20 * kMinute, 10, 5);  // 50% under for a quarter of the time
  EXPECT_NEAR(e.thetaU(), 100.0 * (0.5 * 20.0) / 80.0, 1e-9);
  EXPECT_NEAR(e.thetaO(), 0.0, 1e-12);
  EXPECT_NEAR(e.tauU(), 25.0, 1e-9);
  EXPECT_NEAR(e.tauO(), 0.0, 1e-12);
}

TEST(Elasticity, OverProvisioningCanExceedOneHundredPercent) {
  ElasticityTracker e;
  e.add(kMinute, 2, 8);  // three times the demand in surplus
  EXPECT_NEAR(e.thetaO(), 300.0, 1e-9);
  EXPECT_NEAR(e.tauO(), 100.0, 1e-9);
}

TEST(Elasticity, OnlyZeroDemandLeavesThetaAtZero) {
  ElasticityTracker e;
  e.add(kMinute, 0, 0);
  e.add(kMinute, 0, 2);
  EXPECT_EQ(e.thetaU(), 0.0);
  EXPECT_EQ(e.thetaO(), 0.0);
  EXPECT_NEAR(e.tauO(), 50.0, 1e-9);
  EXPECT_EQ(e.demandTime(), 0);
}

TEST(Elasticity, EmptyReportsZeros) {
  ElasticityTracker e;
  EXPECT_EQ(e.thetaU(), 0.0);
  EXPECT_EQ(e.thetaO(), 0.0);
  EXPECT_EQ(e.tauU(), 0.0);
  EXPECT_EQ(e.tauO(), 0.0);
}

TEST(Elasticity, RejectsBadInput) {
  ElasticityTracker e;
  EXPECT_THROW(e.add(-1, 1, 1), std::invalid_argument);
  EXPECT_THROW(e.add(1, -1, 1), std::invalid_argument);
  EXPECT_THROW(e.add(1, 1, std::nan("")), std::invalid_argument);
  EXPECT_THROW(e.add(1, INFINITY, 1), std::invalid_argument);
}

}  // namespace
}  // namespace shadowscale
