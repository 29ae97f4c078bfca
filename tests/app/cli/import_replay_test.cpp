// End to end: an access log imported into a capture, replayed through a scenario, with route
// templates carrying per-route service times into the simulated pool.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Result {
  int exit_code = -1;
  std::string output;
};

Result runCli(const std::string& args) {
  const std::string cmd = std::string(SHADOWSCALE_CLI) + " " + args + " 2>&1";
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
    r.output.append(buf, n);
  }
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

double metricOf(const fs::path& summary, const std::string& setup, const std::string& key) {
  std::ifstream in(summary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const std::size_t at = text.find("\"name\": \"" + setup + "\"");
  const std::size_t k = text.find("\"" + key + "\": ", at);
  if (at == std::string::npos || k == std::string::npos) {
    return -1;
  }
  return std::stod(text.substr(k + key.size() + 4));
}

class ImportReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("shadowscale-import-replay-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

std::string scenario(const std::string& routes) {
  return R"(name: "shop"
traffic { duration: "30m" capture { path: "shop.capture" speed: 1 } }
live_pool {
  initial_instances: 1
  min_instances: 1
  max_instances: 1
  instance {
    workers: 4
    service { mean: "5ms" p99: "10ms" }
)" + routes +
         R"(  }
}
slo { latency_target: "300ms" }
setup { name: "fixed" }
)";
}

TEST_F(ImportReplayTest, ImportedLogReplaysWithPerRouteServiceTimes) {
  const std::string log = std::string(SHADOWSCALE_SOURCE_DIR) + "/docs/examples/shop-access.log";
  const fs::path capture = dir_ / "shop.capture";
  // The example log has one truncated line: over a zero budget the import fails, leaving nothing.
  const Result strict = runCli("import --format combined " + log + " -o " + capture.string());
  EXPECT_EQ(strict.exit_code, 2) << strict.output;
  EXPECT_NE(strict.output.find("shop-access.log:151"), std::string::npos) << strict.output;
  EXPECT_FALSE(fs::exists(capture));
  const Result ok =
      runCli("import --format combined --max-bad 1 " + log + " -o " + capture.string());
  ASSERT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("imported 300 requests"), std::string::npos) << ok.output;

  std::ofstream(dir_ / "plain.textproto") << scenario("");
  std::ofstream(dir_ / "routed.textproto") << scenario(
      "    route { name: \"POST /checkout\" service { mean: \"900ms\" p99: \"1500ms\" } }\n");
  const Result plain = runCli("run " + (dir_ / "plain.textproto").string() + " --quiet --out " +
                              (dir_ / "plain").string());
  const Result routed = runCli("run " + (dir_ / "routed.textproto").string() + " --quiet --out " +
                               (dir_ / "routed").string());
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  ASSERT_EQ(routed.exit_code, 0) << routed.output;
  // The capture (300 requests over 3 min 14 s) loops to fill the 30 minutes: 9.3 passes.
  EXPECT_NEAR(metricOf(dir_ / "plain" / "summary.json", "fixed", "requests"),
              300.0 * 1800.0 / 194.4, 30.0);
  // Only checkout (about a tenth of the requests) is slow, so the median stays fast while the
  // p99 shows the checkout's service time.
  EXPECT_LT(metricOf(dir_ / "plain" / "summary.json", "fixed", "p99_ms"), 50);
  EXPECT_GT(metricOf(dir_ / "routed" / "summary.json", "fixed", "p99_ms"), 800);
  EXPECT_LT(metricOf(dir_ / "routed" / "summary.json", "fixed", "p50_ms"), 50);
}

}  // namespace
