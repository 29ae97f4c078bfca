// End-to-end checks of `shadowscale run`: the real program on real files.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Result {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

Result runCli(const std::string& args) {
  const std::string cmd = std::string(SHADOWSCALE_CLI) + " " + args + " 2>&1";
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) {
    return r;
  }
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
    r.output.append(buf, n);
  }
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A small scenario: two hours of traffic, an HPA setup and a fixed one, one threshold.
std::string smallScenario(const std::string& threshold) {
  return R"(name: "small"
seed: 11
interval: "1m"
traffic {
  duration: "2h"
  synthetic { base_rate: "80/s" daily_amplitude: 0.3 noise: 0.05 }
}
live_pool {
  initial_instances: 2
  min_instances: 1
  max_instances: 20
  instance {
    startup { mean: "20s" p99: "40s" }
    service { mean: "30ms" p99: "90ms" }
    workers: 4
  }
}
setup {
  name: "hpa"
  policy { hpa { pool: LIVE min_replicas: 1 max_replicas: 20 target_utilization: 0.6 } }
}
setup { name: "fixed" }
)" + threshold;
}

class RunCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("shadowscale-run-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p;
  }
  fs::path dir_;
};

TEST_F(RunCommandTest, SameSeedGivesByteIdenticalOutputs) {
  const fs::path sc = write("s.textproto", smallScenario(""));
  const Result a = runCli("run " + sc.string() + " --quiet --out " + (dir_ / "a").string());
  const Result b = runCli("run " + sc.string() + " --quiet --out " + (dir_ / "b").string());
  const Result c =
      runCli("run " + sc.string() + " --quiet --seed 12 --out " + (dir_ / "c").string());
  ASSERT_EQ(a.exit_code, 0) << a.output;
  ASSERT_EQ(b.exit_code, 0) << b.output;
  ASSERT_EQ(c.exit_code, 0) << c.output;
  for (const char* f : {"summary.json", "intervals.csv", "junit.xml", "report.html"}) {
    const std::string fa = readFile(dir_ / "a" / f);
    EXPECT_FALSE(fa.empty()) << f;
    EXPECT_EQ(fa, readFile(dir_ / "b" / f)) << f;
  }
  EXPECT_NE(readFile(dir_ / "a" / "intervals.csv"), readFile(dir_ / "c" / "intervals.csv"));
  // Two setups x 120 one-minute intervals, plus the header.
  const std::string csv = readFile(dir_ / "a" / "intervals.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 241);
  EXPECT_NE(readFile(dir_ / "a" / "summary.json").find("\"seed\": 11"), std::string::npos);
}

TEST_F(RunCommandTest, CrossedThresholdExitsWith99AndStillWritesOutputs) {
  const fs::path sc =
      write("s.textproto", smallScenario("threshold { metric: \"p50_ms\" below: 1 }\n"));
  const Result r = runCli("run " + sc.string() + " --quiet --out " + (dir_ / "o").string());
  EXPECT_EQ(r.exit_code, 99) << r.output;
  EXPECT_NE(r.output.find("FAIL"), std::string::npos) << r.output;
  const std::string junit = readFile(dir_ / "o" / "junit.xml");
  EXPECT_NE(junit.find("<failure"), std::string::npos);
  EXPECT_NE(readFile(dir_ / "o" / "summary.json").find("\"thresholds_crossed\": true"),
            std::string::npos);
}

TEST_F(RunCommandTest, HeldThresholdsExitZero) {
  const fs::path sc =
      write("s.textproto", smallScenario("threshold { metric: \"error_rate\" below: 0.01 }\n"));
  const Result r = runCli("run " + sc.string() + " --quiet --out " + (dir_ / "o").string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("ok    hpa: error_rate"), std::string::npos) << r.output;
}

TEST_F(RunCommandTest, BadScenarioExitsWith2NamingTheLineAndWritesNothing) {
  std::string text = smallScenario("");
  text.replace(text.find("\"2h\""), 4, "\"2 hours\"");
  const fs::path sc = write("bad.textproto", text);
  const Result r = runCli("run " + sc.string() + " --quiet --out " + (dir_ / "o").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("bad.textproto:5: traffic.duration"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir_ / "o"));
}

TEST_F(RunCommandTest, MissingScenarioFileExitsWith2) {
  const Result r = runCli("run " + (dir_ / "nope.textproto").string() + " --quiet");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("nope.textproto"), std::string::npos) << r.output;
}

TEST_F(RunCommandTest, UsageErrorsExitWith2AndHelpExitsZero) {
  EXPECT_EQ(runCli("run").exit_code, 2);
  EXPECT_EQ(runCli("run --bogus x").exit_code, 2);
  EXPECT_EQ(runCli("frobnicate").exit_code, 2);
  const Result help = runCli("run --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("--seed"), std::string::npos);
  EXPECT_EQ(runCli("--help").exit_code, 0);
}

TEST_F(RunCommandTest, GapsInACountSeriesAreReported) {
  write("counts.csv",
        "time,count\n2024-01-01 00:00:00,600\n2024-01-01 00:01:00,600\n"
        "2024-01-01 00:05:00,600\n2024-01-01 00:06:00,600\n");
  const fs::path sc = write("g.textproto", R"(name: "gap"
traffic { duration: "0s" count_csv { path: "counts.csv" } }
live_pool { initial_instances: 2 instance { service { mean: "10ms" p99: "30ms" } } }
setup { name: "fixed" }
)");
  const Result r = runCli("run " + sc.string() + " --quiet --out " + (dir_ / "o").string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("no data from 2024-01-01T00:02:00Z to 2024-01-01T00:05:00Z"),
            std::string::npos)
      << r.output;
  EXPECT_NE(readFile(dir_ / "o" / "summary.json").find("no data from"), std::string::npos);
}

}  // namespace
