// shadowscale-echo as a user runs it: a real process on 127.0.0.1 port 0.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <future>
#include <sstream>

#include "tests/support/echo_process.h"
#include "tests/support/http_get.h"

namespace shadowscale {
namespace {

using live::ChildProcess;
using testing::EchoProcess;
using testing::httpRequest;

// User plus system CPU time of a process, in clock ticks, from /proc.
long cpuTicks(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string skip;
  for (int i = 3; i < 14; ++i) {
    fields >> skip;  // state .. cmajflt: fields 3 to 13
  }
  long utime = 0, stime = 0;
  fields >> utime >> stime;
  return utime + stime;
}

int runToExit(std::vector<std::string> args) {
  args.insert(args.begin(), SHADOWSCALE_ECHO);
  ChildProcess child(args);
  child.readAll();
  return child.wait();
}

// Runs shadowscale-echo to its end; its exit code and everything it printed (stdout, stderr).
std::pair<int, std::string> runToExitWithOutput(std::vector<std::string> args) {
  args.insert(args.begin(), SHADOWSCALE_ECHO);
  ChildProcess child(args, /*merge_stderr=*/true);
  std::string out = child.readAll();
  return {child.wait(), out};
}

TEST(EchoMain, ReportsThePortItBoundAndServes) {
  EchoProcess echo({"--service-mean", "5ms"}, SHADOWSCALE_ECHO);
  ASSERT_GT(echo.port(), 0);
  const auto answer = httpRequest(echo.port(), "/hello");
  EXPECT_EQ(answer.status, 200u) << answer.error;
  EXPECT_NE(answer.body.find("\"service_ms\":5.0"), std::string::npos) << answer.body;
}

TEST(EchoMain, SigtermStopsItCleanly) {
  EchoProcess echo({}, SHADOWSCALE_ECHO);
  ASSERT_EQ(httpRequest(echo.port(), "/healthz").status, 200u);
  echo.process().signal(SIGTERM);
  EXPECT_EQ(echo.process().wait(), 0);
}

TEST(EchoMain, DatabaseConnectionLimitIsSharedBetweenProcesses) {
  const std::string pool = "echo-test-" + std::to_string(getpid());
  const std::vector<std::string> args = {"--db-pool",      pool, "--db-connections", "1",
                                         "--service-mean", "2s", "--db-timeout",     "100ms",
                                         "--workers",      "1"};
  EchoProcess a(args, SHADOWSCALE_ECHO);
  EchoProcess b(args, SHADOWSCALE_ECHO);
  // One request to each instance at once: one connection between them, so one waits out its
  // database timeout and is refused while the other is served.
  auto ra = std::async(std::launch::async, [&] { return httpRequest(a.port(), "/q"); });
  auto rb = std::async(std::launch::async, [&] { return httpRequest(b.port(), "/q"); });
  const auto x = ra.get();
  const auto y = rb.get();
  EXPECT_EQ(std::min(x.status, y.status), 200u);
  EXPECT_EQ(std::max(x.status, y.status), 503u);
  EXPECT_TRUE(x.body == "no database connection in time\n" ||
              y.body == "no database connection in time\n");
}

TEST(EchoMain, CpuShareSpendsTheServiceTimeOnTheCpu) {
  EchoProcess echo({"--service-mean", "300ms", "--cpu-share", "1"}, SHADOWSCALE_ECHO);
  const long ticks_per_s = sysconf(_SC_CLK_TCK);
  const long before = cpuTicks(echo.process().pid());
  ASSERT_EQ(httpRequest(echo.port(), "/work").status, 200u);
  const long used = cpuTicks(echo.process().pid()) - before;
  // 300 ms of thread CPU time burned; ticks are coarse, so allow one tick less.
  EXPECT_GE(used, ticks_per_s * 3 / 10 - 1);
}

TEST(EchoMain, WithoutCpuShareTheServiceTimeIsWaitedNotBurned) {
  EchoProcess echo({"--service-mean", "300ms"}, SHADOWSCALE_ECHO);
  const long ticks_per_s = sysconf(_SC_CLK_TCK);
  const long before = cpuTicks(echo.process().pid());
  ASSERT_EQ(httpRequest(echo.port(), "/wait").status, 200u);
  EXPECT_LT(cpuTicks(echo.process().pid()) - before, ticks_per_s / 10);
}

TEST(EchoMain, BadOptionsExitTwo) {
  EXPECT_EQ(runToExit({"--workers", "0"}), 2);
  EXPECT_EQ(runToExit({"--service-mean", "20ms", "--service-p99", "10ms"}), 2);
  EXPECT_EQ(runToExit({"--service-mean", "1ms", "--service-p99", "1s"}), 2);  // no log-normal
  EXPECT_EQ(runToExit({"--service-mean", "soon"}), 2);
  EXPECT_EQ(runToExit({"--db-pool", "x"}), 2);  // no size
  EXPECT_EQ(runToExit({"--no-such-option"}), 2);
}

TEST(EchoMain, OptionsBeyondWhatTheMachineCanRunExitTwoNamingTheOption) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--workers", "100000"}, "--workers: 100000 is not in 1..10000"},
      {{"--workers", "-3"}, "--workers: -3 is not in 1..10000"},
      {{"--queue", "-1"}, "--queue: -1 is not in 0..1000000"},
      {{"--queue", "2000000000"}, "--queue: 2000000000 is not in 0..1000000"},
      {{"--io-threads", "0"}, "--io-threads: 0 is not in 1..256"},
      {{"--io-threads", "5000"}, "--io-threads: 5000 is not in 1..256"},
      {{"--cpu-share", "1.5"}, "--cpu-share: must be in [0, 1]"},
      {{"--db-pool", "x", "--db-connections", "40000"}, "--db-connections: 40000 is not in"},
      {{"--db-connections", "4"}, "--db-connections: needs --db-pool NAME"},
      {{"--port", "70000"}, "--port"},
      {{"--port", "-1"}, "--port"},
      {{"--workers", "many"}, "--workers"},
  };
  for (const auto& [args, message] : cases) {
    const auto [code, out] = runToExitWithOutput(args);
    EXPECT_EQ(code, 2) << args[0] << " " << args[1] << ": " << out;
    EXPECT_NE(out.find(message), std::string::npos) << "expected '" << message << "' in: " << out;
    EXPECT_EQ(out.find("listening"), std::string::npos) << out;
  }
}

TEST(EchoMain, PortInUseExitsOne) {
  EchoProcess first({}, SHADOWSCALE_ECHO);
  EXPECT_EQ(runToExit({"--port", std::to_string(first.port())}), 1);
}

}  // namespace
}  // namespace shadowscale
