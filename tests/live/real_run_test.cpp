// Real runs of scenarios through the live proxy, each a few seconds of wall time: time
// compressed with a speed above 1, each traffic source (synthetic, count CSV, capture), static
// and process pools, and the HPA and predictive policies on wall time, with scaling lag and the
// elasticity metrics reported as a simulated run reports them.
#include "live/real_run.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/scenario_loader.h"
#include "sim/engine.h"
#include "tests/support/capture_files.h"
#include "tests/support/echo_process.h"

namespace shadowscale {
namespace {

using testing::EchoProcess;
using testing::TempPath;

// The rows of one setup in an intervals.csv, split into cells; the header row first.
std::vector<std::vector<std::string>> csvRows(const std::string& path, const std::string& setup) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream s(line);
    std::string cell;
    while (std::getline(s, cell, ',')) {
      cells.push_back(cell);
    }
    if (line.back() == ',') {
      cells.emplace_back();
    }
    if (header || cells.at(0) == setup) {
      rows.push_back(cells);
    }
    header = false;
  }
  return rows;
}

// The cell of `column` (named in the header row) in `row`.
std::string cell(const std::vector<std::vector<std::string>>& rows, std::size_t row,
                 const std::string& column) {
  const auto& head = rows.at(0);
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head[i] == column) {
      return rows.at(row).at(i);
    }
  }
  throw std::runtime_error("no column " + column);
}

// The scenario text with `pools` for its pools, the rest common to every test here. Synthetic
// traffic starts at a fixed time; traces carry their own.
std::string scenarioText(const std::string& traffic, const std::string& pools,
                         const std::string& setups = "setup { name: \"only\" }\n") {
  const bool synthetic = traffic.find("synthetic") != std::string::npos;
  return std::string("name: \"real-test\"\nseed: 3\ninterval: \"10s\"\n") +
         (synthetic ? "start: \"2026-03-02T12:00:00Z\"\n" : "") + traffic + pools + setups;
}

// A steady synthetic load of `rate` for `duration`.
std::string steadyTraffic(const std::string& rate, const std::string& duration) {
  return "traffic { duration: \"" + duration + "\" synthetic { base_rate: \"" + rate +
         "\" daily_amplitude: 0 weekend_factor: 1 noise: 0 } }\n";
}

// A live pool on one running server.
std::string staticLivePool(int port) {
  return "live_pool { instance { service { mean: \"2ms\" p99: \"2ms\" } workers: 8 } static { "
         "address: \"127.0.0.1:" +
         std::to_string(port) + "\" } }\n";
}

// The simulated twin's request count: the same scenario with simulated pools sees the same
// traffic.
double simulatedRequests(const std::string& traffic, const std::string& dir) {
  const Scenario twin = parseScenarioText(
      scenarioText(traffic, "live_pool { instance { service { mean: \"2ms\" p99: \"2ms\" } } }\n"),
      "twin.textproto", dir);
  return runScenario(twin, RunOptions{}).setups.at(0).metric("requests");
}

TEST(RealRun, SpeedRunsScenarioTimeFasterAndReportsInScenarioTime) {
  EchoProcess echo({"--service-mean", "1ms", "--workers", "16"}, SHADOWSCALE_ECHO);
  TempPath dir("real-speed");
  const std::string traffic = steadyTraffic("40/s", "30s");
  const Scenario scenario =
      parseScenarioText(scenarioText(traffic, staticLivePool(echo.port())), "speed.textproto", ".");
  RealRunOptions options;
  options.out_dir = dir.str();
  // 4x, not more: at 10x (400 requests/s) on a machine busy with other work (load 8) the echo
  // server's queue filled, and both the error rate and the per-interval rates below
  // showed it. This test is about scenario time, not capacity.
  options.speed = 4;
  options.quiet = true;
  const RunReport report = runRealScenario(scenario, options);
  const SetupResult& r = report.setups.at(0);
  EXPECT_EQ(r.metric("requests"), simulatedRequests(traffic, "."));
  // Every request is sent and most are answered; a few may be turned away on a busy machine.
  EXPECT_LT(r.metric("error_rate"), 0.5);
  // Rates and durations in scenario time: 40/s over 30 s, not 160/s over 7.5 s.
  EXPECT_NEAR(r.metric("throughput_rps"), 40.0, 8.0);
  EXPECT_NEAR(r.metric("duration_s"), 30.0, 3.0);
  const auto rows = csvRows(dir.str() + "/intervals.csv", "only");
  ASSERT_EQ(rows.size(), 4u);  // header and three 10 s intervals
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(cell(rows, i, "time_s"), std::to_string((i - 1) * 10));
    EXPECT_NEAR(std::stod(cell(rows, i, "live_rps")), 40.0, 10.0) << "interval " << i;
  }
  EXPECT_EQ(cell(rows, 1, "time_utc"), "2026-03-02T12:00:00Z");
}

TEST(RealRun, CountCsvTrafficRunsThroughAProcessPool) {
  TempPath dir("real-counts");
  std::filesystem::create_directories(dir.str());
  std::ofstream(dir.str() + "/counts.csv") << "time,count\n"
                                              "2026-03-02T12:00:00Z,600\n"
                                              "2026-03-02T12:01:00Z,1200\n"
                                              "2026-03-02T12:02:00Z,600\n";
  const std::string traffic = "traffic { duration: \"0\" count_csv { path: \"counts.csv\" } }\n";
  const std::string pool =
      "live_pool { initial_instances: 2 instance { service { mean: \"1ms\" p99: \"1ms\" } } "
      "process { command: \"" +
      std::string(SHADOWSCALE_ECHO) +
      " --port {port} --service-mean 1ms --workers 8\" ready_timeout: \"20s\" } }\n";
  const Scenario scenario =
      parseScenarioText(scenarioText(traffic, pool), dir.str() + "/counts.textproto", dir.str());
  RealRunOptions options;
  options.out_dir = dir.str() + "/out";
  options.speed = 60;
  options.quiet = true;
  const RunReport report = runRealScenario(scenario, options);
  const SetupResult& r = report.setups.at(0);
  EXPECT_EQ(r.metric("requests"), simulatedRequests(traffic, dir.str()));
  EXPECT_NEAR(r.metric("requests"), 2400.0, 240.0);
  EXPECT_EQ(r.metric("error_rate"), 0.0);
  EXPECT_EQ(r.metric("max_instances_live"), 2.0);
  EXPECT_EQ(r.metric("requests_live"), r.metric("requests"));
}

// An instance that takes 0.6 s to start meets a ready_timeout of 2 s at 20x: the limit is real
// time (2 s of scenario time would be 0.1 s, and the instance would be stopped as never ready).
TEST(RealRun, ProcessStartUpLimitsAreRealTimeAtAnySpeed) {
  TempPath dir("real-startup");
  const std::string pool =
      "live_pool { initial_instances: 1 instance { service { mean: \"1ms\" p99: \"1ms\" } } "
      "process { command: \"" +
      std::string(SHADOWSCALE_ECHO) +
      " --port {port} --service-mean 1ms --startup-delay 600ms\" ready_timeout: \"2s\" } }\n";
  const std::string traffic = steadyTraffic("10/s", "20s");
  const Scenario scenario =
      parseScenarioText(scenarioText(traffic, pool), "startup.textproto", ".");
  RealRunOptions options;
  options.out_dir = dir.str();
  options.speed = 20;
  options.quiet = true;
  const RunReport report = runRealScenario(scenario, options);
  const SetupResult& r = report.setups.at(0);
  EXPECT_EQ(r.metric("requests"), simulatedRequests(traffic, "."));
  EXPECT_EQ(r.metric("error_rate"), 0.0);
}

TEST(RealRun, CaptureTrafficRunsThroughAStaticPool) {
  EchoProcess echo({"--service-mean", "1ms", "--workers", "16"}, SHADOWSCALE_ECHO);
  TempPath dir("real-capture");
  std::filesystem::create_directories(dir.str());
  std::vector<testing::TestRecord> records;
  for (int i = 0; i < 200; ++i) {
    records.push_back(testing::at(i * 100 * kMillisecond, "/item/" + std::to_string(i % 7)));
  }
  testing::writeTestCapture(dir.str() + "/in.sscap", records);
  const std::string traffic = "traffic { duration: \"0\" capture { path: \"in.sscap\" } }\n";
  const Scenario scenario = parseScenarioText(scenarioText(traffic, staticLivePool(echo.port())),
                                              dir.str() + "/capture.textproto", dir.str());
  RealRunOptions options;
  options.speed = 10;
  options.quiet = true;
  const RunReport report = runRealScenario(scenario, options);
  const SetupResult& r = report.setups.at(0);
  EXPECT_EQ(r.metric("requests"), 200.0);
  EXPECT_EQ(r.metric("status_2xx"), 200.0);
  EXPECT_EQ(r.metric("error_rate"), 0.0);
}

// An HPA on CPU: each request burns 2 ms of CPU in the instance, so 20 requests/s keep one
// instance at 4% of a core, twice the 2% target: the HPA asks for a second instance at its first
// sync. The instance model declares 10 requests/s per instance, so demand is 3 instances
// throughout and supply lags it: scaling lag is measured.
TEST(RealRun, HpaScalesAProcessPoolOnWallTimeAndScalingLagIsReported) {
  TempPath dir("real-hpa");
  const std::string pool =
      "live_pool { initial_instances: 1 min_instances: 1 max_instances: 3 instance { service { "
      "mean: \"200ms\" p99: \"200ms\" } workers: 2 } process { command: \"" +
      std::string(SHADOWSCALE_ECHO) +
      " --port {port} --service-mean 2ms --cpu-share 1 --workers 4\" ready_timeout: \"60s\" } "
      "}\n";
  const std::string setups =
      "setup { name: \"hpa\" policy { hpa { pool: LIVE min_replicas: 1 max_replicas: 3 "
      "target_utilization: 0.02 sync_period: \"5s\" cpu_initialization_period: \"0s\" "
      "initial_readiness_delay: \"0s\" } } }\n";
  const Scenario scenario = parseScenarioText(
      scenarioText(steadyTraffic("20/s", "40s"), pool, setups), "hpa.textproto", ".");
  RealRunOptions options;
  options.out_dir = dir.str();
  options.speed = 5;
  options.quiet = true;
  const RunReport report = runRealScenario(scenario, options);
  const SetupResult& r = report.setups.at(0);
  EXPECT_GE(r.metric("max_instances_live"), 2.0);
  EXPECT_LE(r.metric("error_rate"), 0.01);
  EXPECT_GE(r.metric("scaling_lag_events"), 1.0);
  EXPECT_TRUE(std::isfinite(r.metric("scaling_lag_p50_s")));
  EXPECT_GT(r.metric("theta_u"), 0.0);  // supply stayed below the demand of 3
  EXPECT_GT(r.metric("tau_u"), 50.0);   // for most of the run
  // Instance counts are sampled at the end of each interval: by the last one the HPA's second
  // instance is ready.
  const auto rows = csvRows(dir.str() + "/intervals.csv", "hpa");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_GE(std::stoi(cell(rows, 4, "live_ready")), 2);
}

// A predictive policy on wall time: forecasts of the last value, made every 5 s of scenario time
// for a lead time of 5 s; once it has its history and a lead time has passed, each interval row
// carries the forecast made for it, as in a simulated run.
TEST(RealRun, PredictivePolicyForecastsOnWallTime) {
  TempPath dir("real-predictive");
  const std::string pools =
      "live_pool { initial_instances: 1 max_instances: 4 instance { service { mean: \"2ms\" p99: "
      "\"2ms\" } workers: 8 } process { command: \"" +
      std::string(SHADOWSCALE_ECHO) +
      " --port {port} --service-mean 1ms --workers 8\" ready_timeout: \"60s\" } }\n";
  const std::string setups =
      "setup { name: \"predictive\" policy { predictive { pool: LIVE mode: FORECAST_AND_SCALE "
      "period: \"5s\" forecast_interval: \"5s\" scheduling_buffer: \"0s\" startup_delay: \"5s\" "
      "min_history: \"10s\" refit_period: \"10s\" forecaster { kind: \"last-value\" } } } }\n";
  const Scenario scenario = parseScenarioText(
      scenarioText(steadyTraffic("30/s", "60s"), pools, setups), "predictive.textproto", ".");
  RealRunOptions options;
  options.out_dir = dir.str();
  options.speed = 12;
  options.quiet = true;
  const RunReport report = runRealScenario(scenario, options);
  // 360 requests/s of real time at 12x: on a machine whose cores other test programs keep busy,
  // a stalled instance can fail a few of them (2.4% seen once under a load of 10); a policy that
  // starves the pool fails far more.
  EXPECT_LE(report.setups.at(0).metric("error_rate"), 0.05);
  const auto rows = csvRows(dir.str() + "/intervals.csv", "predictive");
  ASSERT_EQ(rows.size(), 7u);
  // The last intervals carry a forecast near the 30/s that came.
  const std::string forecast = cell(rows, 6, "forecast_p50_rps");
  ASSERT_FALSE(forecast.empty());
  EXPECT_NEAR(std::stod(forecast), 30.0, 10.0);
  EXPECT_GE(std::stoi(cell(rows, 6, "forecast_instances")), 1);
}

// A scaling policy that throws on the proxy's control thread (here a forecaster given a history
// with no observed interval: the demand is zero for longer than zero_run_missing, so every
// interval is flagged an outage) ends the run with the policy's message instead of terminating
// the process, and writes no output files. The traffic stops when the policy fails: the hour of
// 60 requests a minute after the silent first minute is never sent (it would take two minutes
// at 30x).
TEST(RealRun, APolicyThatThrowsFailsTheRunWithItsMessage) {
  TempPath dir("real-throwing-policy");
  std::filesystem::create_directories(dir.str());
  {
    std::ofstream counts(dir.str() + "/counts.csv");
    counts << "time,count\n2026-03-02T12:00:00Z,0\n";
    for (int minute = 1; minute <= 60; ++minute) {
      counts << "2026-03-02T" << (minute < 60 ? "12:" : "13:") << std::setw(2) << std::setfill('0')
             << minute % 60 << ":00Z,60\n";
    }
  }
  const std::string traffic = "traffic { duration: \"0\" count_csv { path: \"counts.csv\" } }\n";
  const std::string pools =
      "live_pool { initial_instances: 1 max_instances: 2 instance { service { mean: \"1ms\" p99: "
      "\"1ms\" } workers: 8 } process { command: \"" +
      std::string(SHADOWSCALE_ECHO) +
      " --port {port} --service-mean 1ms --workers 8\" ready_timeout: \"20s\" } }\n";
  const std::string setups =
      "setup { name: \"throws\" policy { predictive { pool: LIVE mode: FORECAST_AND_SCALE "
      "period: \"5s\" forecast_interval: \"5s\" scheduling_buffer: \"0s\" startup_delay: \"5s\" "
      "min_history: \"10s\" zero_run_missing: \"5s\" forecaster { kind: \"last-value\" } } } "
      "}\n";
  const Scenario scenario = parseScenarioText(scenarioText(traffic, pools, setups),
                                              dir.str() + "/throws.textproto", dir.str());
  RealRunOptions options;
  options.out_dir = dir.str() + "/out";
  options.speed = 30;
  options.quiet = true;
  try {
    runRealScenario(scenario, options);
    FAIL() << "the run did not fail";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("setup throws: scaling policy failed"), std::string::npos) << what;
    EXPECT_NE(what.find("no observed interval"), std::string::npos) << what;
    const std::size_t after = what.find("stopped its traffic after ");
    ASSERT_NE(after, std::string::npos) << what;
    EXPECT_LT(std::stoul(what.substr(after + 26)), 1800u) << what;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.str() + "/out/summary.json"));
  EXPECT_FALSE(std::filesystem::exists(dir.str() + "/out/intervals.csv"));
}

}  // namespace
}  // namespace shadowscale
