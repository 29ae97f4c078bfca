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
// The small scenario's traffic with an announced x4 event on day three instead of the unannounced
// flash crowd, and a hybrid live pool sized from a forecast.
Scenario withAnnouncedEvent() {
  std::string text = testing::kSmallScenario;
  const std::string crowd =
      R"(flash_crowd { start: "2d15h" rise: "2m" duration: "20m" multiplier: 4 })";
  text.replace(text.find(crowd), crowd.size(),
               R"(event { start: "2d14h" ramp: "2m" plateau: "1h" decay: "10m" multiplier: 4 })");
  text += R"(setup {
  name: "forecast"
  policy { predictive { pool: LIVE mode: HYBRID min_instances: 2
    forecaster { kind: "seasonal-naive-day" }
    hpa { min_replicas: 2 max_replicas: 30 target_utilization: 0.7 } } }
})";
  return parseScenarioText(text, "small.textproto", "");
}

TEST(FluidRunTest, ForecastersGetTheAnnouncedEventsAndScaleOutBeforeThem) {
  const Scenario sc = withAnnouncedEvent();
  const DemandSeries demand = readDemandSeries(sc, 5 * kSecond);
  ASSERT_EQ(demand.events.size(), 1u);
  const TimeNs start = demand.events[0].start;
  // The three minutes before the event (one start-up), and the event's first hour.
  const std::vector<JudgedWindow> w = {{start - 3 * kMinute, start}, {start, start + kHour}};
  const auto hpa = runFluid(sc, sc.setups[0], demand, demand.end, w);
  const auto forecast = runFluid(sc, sc.setups[1], demand, demand.end, w);
  const auto sim = runSimulated(sc, sc.setups[1], w);
  // The forecast-sized pool is already large when the event starts; the HPA is not.
  EXPECT_GT(forecast[0].instance_hours, 2.5 * hpa[0].instance_hours);
  EXPECT_NEAR(forecast[0].instance_hours, sim[0].instance_hours, 0.2 * sim[0].instance_hours);
  // So the event costs the HPA minutes, and the forecast-sized pool none (in the simulator, with
  // its random arrivals, fewer than the HPA).
  EXPECT_GE(hpa[1].violation_minutes, 3);
  EXPECT_LE(forecast[1].violation_minutes, 1);
  EXPECT_LT(sim[1].violation_minutes, hpa[1].violation_minutes);
}

}  // namespace shadowscale
