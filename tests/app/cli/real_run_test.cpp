// Real runs end to end: `shadowscale run` on a scenario whose pools are real processes
// (shadowscale-echo), beside a simulated run of the same scenario.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/app/cli/cli_process.h"
#include "tests/support/capture_files.h"

namespace shadowscale {
namespace {

using cli_test::readCommand;
using testing::TempPath;

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeFile(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

// The scenario text without its `process { ... }` blocks: the same pools, simulated.
std::string simulatedTwin(std::string text) {
  for (std::size_t at = text.find("  process {"); at != std::string::npos;
       at = text.find("  process {")) {
    int depth = 0;
    std::size_t end = at;
    for (; end < text.size(); ++end) {
      depth += text[end] == '{' ? 1 : text[end] == '}' ? -1 : 0;
      if (text[end] == '}' && depth == 0) {
        break;
      }
    }
    text.erase(at, end + 1 - at);
  }
  return text;
}

struct Outcome {
  int exit_code = -1;
  std::string output;
};

// `shadowscale run ARGS` with shadowscale-echo on PATH, as the scenario's command expects.
Outcome runCli(const std::string& args) {
  const std::string echo_dir = std::filesystem::path(SHADOWSCALE_ECHO).parent_path().string();
  Outcome o;
  o.output = readCommand(
      "PATH=" + echo_dir + ":$PATH " + SHADOWSCALE_CLI + " run " + args + " --quiet 2>&1",
      o.exit_code);
  return o;
}

const nlohmann::json& setupMetrics(const nlohmann::json& summary, const std::string& name) {
  for (const auto& s : summary["setups"]) {
    if (s["name"] == name) {
      return s["metrics"];
    }
  }
  throw std::runtime_error("no setup " + name);
}

// The shipped example, run for real and simulated side by side: both write the same files with
// the same metrics, and the figures agree within a loose band. The band is loose on purpose:
// the real instances share two cores with the proxy, the client and other tests, add loopback
// and proxy time to every request, and their sleeps overshoot; the simulation has none of that.
TEST(RealRun, ShippedEchoScenarioMatchesItsSimulatedTwin) {
  const std::string scenario =
      std::string(SHADOWSCALE_SOURCE_DIR) + "/scenarios/live-echo.textproto";
  TempPath dir("real-vs-sim");
  std::filesystem::create_directories(dir.str());
  const std::string twin = dir.str() + "/live-echo-simulated.textproto";
  writeFile(twin, simulatedTwin(readFile(scenario)));
  ASSERT_EQ(readFile(twin).find("command:"), std::string::npos);

  const Outcome real = runCli(scenario + " --out " + dir.str() + "/real");
  ASSERT_EQ(real.exit_code, 0) << real.output;
  EXPECT_NE(real.output.find("real pools at 1x"), std::string::npos) << real.output;
  const Outcome sim = runCli(twin + " --out " + dir.str() + "/sim");
  ASSERT_EQ(sim.exit_code, 0) << sim.output;

  for (const char* file : {"summary.json", "intervals.csv", "junit.xml", "report.html"}) {
    EXPECT_TRUE(std::filesystem::exists(dir.str() + "/real/" + file)) << file;
  }
  EXPECT_EQ(readFile(dir.str() + "/real/intervals.csv").substr(0, 60),
            readFile(dir.str() + "/sim/intervals.csv").substr(0, 60));  // the same columns

  const auto real_summary = nlohmann::json::parse(readFile(dir.str() + "/real/summary.json"));
  const auto sim_summary = nlohmann::json::parse(readFile(dir.str() + "/sim/summary.json"));
  for (const std::string setup : {"fixed", "mirrored"}) {
    SCOPED_TRACE(setup);
    const auto& r = setupMetrics(real_summary, setup);
    const auto& s = setupMetrics(sim_summary, setup);
    for (const char* key :
         {"requests", "requests_live", "requests_shadow", "mirrored", "p50_ms", "p90_ms", "p99_ms",
          "p999_ms", "max_ms", "error_rate", "slo_violation_minutes", "slo_over_target_share",
          "instance_hours", "cost_total", "max_instances_live", "max_instances_shadow"}) {
      EXPECT_TRUE(r.contains(key) && r[key].is_number()) << "real run lacks " << key;
      EXPECT_TRUE(s.contains(key) && s[key].is_number()) << "simulated run lacks " << key;
    }
    // The same traffic source and seed: the same requests.
    EXPECT_EQ(r["requests"].get<double>(), s["requests"].get<double>());
    EXPECT_LE(r["error_rate"].get<double>(), 0.01);
    EXPECT_LE(s["error_rate"].get<double>(), 0.01);
    EXPECT_EQ(r["max_instances_live"].get<double>(), s["max_instances_live"].get<double>());
    // Median latency: the simulated service time, plus the proxy and loopback, at most 2.5x
    // (or 5 ms) over it, and not much under it (a sleep never ends early).
    const double rp50 = r["p50_ms"].get<double>(), sp50 = s["p50_ms"].get<double>();
    EXPECT_GE(rp50, 0.7 * sp50);
    EXPECT_LE(rp50, 2.5 * sp50 + 5.0);
  }
  // Mirror copies: 20 % of the requests in both, drawn by the same ProxyCore but not from the
  // same random draws; within half either way.
  const double rm = setupMetrics(real_summary, "mirrored")["mirrored"].get<double>();
  const double sm = setupMetrics(sim_summary, "mirrored")["mirrored"].get<double>();
  EXPECT_GE(rm, 0.5 * sm);
  EXPECT_LE(rm, 1.5 * sm);
}

TEST(RealRun, AnInstanceThatNeverGetsReadyFailsTheRunAndWritesNothing) {
  TempPath dir("real-broken");
  std::filesystem::create_directories(dir.str());
  std::string text =
      readFile(std::string(SHADOWSCALE_SOURCE_DIR) + "/scenarios/live-echo.textproto");
  const std::string from = "ready_timeout: \"20s\"";
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from)) {
    text.replace(at, from.size(), "ready_timeout: \"1s\"");
  }
  const std::string cmd = "command: \"shadowscale-echo --port {port} --startup-delay 1h";
  for (std::size_t at = text.find("command: \"shadowscale-echo --port {port}");
       at != std::string::npos && text.compare(at, cmd.size(), cmd) != 0;
       at = text.find("command: \"shadowscale-echo --port {port}", at + cmd.size())) {
    text.replace(at, std::string("command: \"shadowscale-echo --port {port}").size(), cmd);
  }
  const std::string scenario = dir.str() + "/never-ready.textproto";
  writeFile(scenario, text);
  const Outcome o = runCli(scenario + " --out " + dir.str() + "/out");
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_NE(o.output.find("no ready instance"), std::string::npos) << o.output;
  EXPECT_FALSE(std::filesystem::exists(dir.str() + "/out/summary.json"));
  EXPECT_FALSE(std::filesystem::exists(dir.str() + "/out/intervals.csv"));
}

TEST(RealRun, SpeedIsRefusedForASimulatedScenario) {
  const Outcome o =
      runCli(std::string(SHADOWSCALE_SOURCE_DIR) + "/scenarios/default.textproto --speed 10");
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_NE(o.output.find("--speed: only for scenarios whose pools are real"), std::string::npos)
      << o.output;
}

}  // namespace
}  // namespace shadowscale
