#include "tune/fluid_run.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "scenarios/scenario_loader.h"
#include "tests/tune/test_scenario.h"
#include "tune/simulated_run.h"

namespace shadowscale {
namespace {

// The small scenario with one more setup, returned with it.
Scenario withSetup(const std::string& setup) {
  return parseScenarioText(std::string(testing::kSmallScenario) + setup, "small.textproto", "");
}

// The judged time after the warm-up, in two windows.
std::vector<JudgedWindow> windows() {
  return {{kDay, 2 * kDay}, {2 * kDay, 3 * kDay}};
}

TEST(FluidRunTest, AFixedPoolCostsWhatTheSimulatorBillsAndMeetsTheSloInBoth) {
  const Scenario sc =
      withSetup(R"(setup { name: "fixed" policy { schedule { default_instances: 16 } } })");
  const DemandSeries demand = readDemandSeries(sc, 5 * kSecond);
  const auto fluid = runFluid(sc, sc.setups.back(), demand, demand.end, windows());
  const auto sim = runSimulated(sc, sc.setups.back(), windows());
  for (std::size_t w = 0; w < 2; ++w) {
    EXPECT_NEAR(fluid[w].instance_hours, 16 * 24.0, 0.5);
    EXPECT_NEAR(sim[w].instance_hours, 16 * 24.0, 0.5);
    EXPECT_EQ(fluid[w].violation_minutes, 0);
    EXPECT_LE(sim[w].violation_minutes, 2);
    EXPECT_NEAR(fluid[w].requests, sim[w].requests, 0.01 * sim[w].requests);
  }
}

TEST(FluidRunTest, AnUndersizedPoolBreaksTheSloInBothFidelitiesAlike) {
  const Scenario sc =
      withSetup(R"(setup { name: "small" policy { schedule { default_instances: 2 } } })");
  const DemandSeries demand = readDemandSeries(sc, 5 * kSecond);
  const auto fluid = runFluid(sc, sc.setups.back(), demand, demand.end, windows());
  const auto sim = runSimulated(sc, sc.setups.back(), windows());
  for (std::size_t w = 0; w < 2; ++w) {
    EXPECT_GT(sim[w].violation_minutes, 300);
    EXPECT_NEAR(fluid[w].violation_minutes, sim[w].violation_minutes,
                0.25 * sim[w].violation_minutes);
    EXPECT_GT(fluid[w].failed, 0);
  }
}

TEST(FluidRunTest, TheSetupsOwnPoliciesScaleTheFluidPools) {
  const Scenario sc = withSetup("");
  const DemandSeries demand = readDemandSeries(sc, 5 * kSecond);
  const auto hpa = runFluid(sc, sc.setups.back(), demand, demand.end, windows());
  const auto sim = runSimulated(sc, sc.setups.back(), windows());
  for (std::size_t w = 0; w < 2; ++w) {
    // More than the floor of 2 instances, far less than the maximum of 30.
    EXPECT_GT(hpa[w].instance_hours, 2 * 24.0 * 1.1);
    EXPECT_LT(hpa[w].instance_hours, 30 * 24.0 / 3);
    EXPECT_NEAR(hpa[w].instance_hours, sim[w].instance_hours, 0.15 * sim[w].instance_hours);
  }
}

TEST(FluidRunTest, OnlyMinutesInsideAWindowCount) {
  const Scenario sc =
      withSetup(R"(setup { name: "small" policy { schedule { default_instances: 2 } } })");
  const DemandSeries demand = readDemandSeries(sc, 5 * kSecond);
  const auto whole = runFluid(sc, sc.setups.back(), demand, demand.end, {{kDay, 3 * kDay}});
  const auto parts = runFluid(sc, sc.setups.back(), demand, demand.end, windows());
  EXPECT_EQ(whole[0].violation_minutes, parts[0].violation_minutes + parts[1].violation_minutes);
  EXPECT_NEAR(whole[0].instance_hours, parts[0].instance_hours + parts[1].instance_hours, 1e-9);
  // A run that ends early judges only what it simulated.
  const auto early = runFluid(sc, sc.setups.back(), demand, 2 * kDay, {{kDay, 2 * kDay}});
  EXPECT_EQ(early[0].violation_minutes, parts[0].violation_minutes);
}

}  // namespace
}  // namespace shadowscale
