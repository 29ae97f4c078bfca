// `shadowscale replay` end to end: the real program against a real shadowscale-echo process.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/app/cli/cli_process.h"
#include "tests/support/capture_files.h"
#include "tests/support/echo_process.h"

namespace shadowscale {
namespace {

using cli_test::readCommand;
using testing::EchoProcess;
using testing::evenRecords;
using testing::TempPath;
using testing::writeTestCapture;

struct CliRun {
  int exit_code = -1;
  std::string all;  // stdout and stderr
};

CliRun replayCli(const std::string& args) {
  CliRun r;
  r.all = readCommand(std::string(SHADOWSCALE_CLI) + " replay " + args + " 2>&1", r.exit_code);
  return r;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ReplayCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    writeTestCapture(capture_.str(), evenRecords(20, 5 * kMillisecond, "/api/items"));
  }
  std::string url(const EchoProcess& echo) const {
    return "http://127.0.0.1:" + std::to_string(echo.port());
  }
  TempPath capture_{"cli-replay.capture"};
  TempPath out_{"cli-replay-out"};
};

TEST_F(ReplayCommand, PrintsASummaryAndWritesTheRunsOutputFiles) {
  EchoProcess echo({"--service-mean", "2ms"}, SHADOWSCALE_ECHO);
  const CliRun r = replayCli(capture_.str() + " --target " + url(echo) +
                             " --speed 2 --threshold 'error_rate<0.01' --out " + out_.str());
  ASSERT_EQ(r.exit_code, 0) << r.all;
  EXPECT_NE(r.all.find("requests ...........: 20 "), std::string::npos) << r.all;
  EXPECT_NE(r.all.find("status .............: 1xx 0, 2xx 20,"), std::string::npos) << r.all;
  EXPECT_NE(r.all.find("ok    replay: error_rate < 0.01 (actual 0)"), std::string::npos) << r.all;
  const std::string summary = readFile(out_.str() + "/summary.json");
  EXPECT_NE(summary.find("\"p99_ms\": "), std::string::npos) << summary;
  EXPECT_NE(summary.find("\"requests\": 20"), std::string::npos) << summary;
  EXPECT_NE(summary.find("\"thresholds_crossed\": false"), std::string::npos) << summary;
  const std::string junit = readFile(out_.str() + "/junit.xml");
  EXPECT_NE(junit.find("name=\"error_rate &lt; 0.01\""), std::string::npos) << junit;
}

TEST_F(ReplayCommand, ACrossedThresholdExits99AndFailsTheJUnitCase) {
  EchoProcess echo({"--service-mean", "20ms"}, SHADOWSCALE_ECHO);
  const CliRun r = replayCli(capture_.str() + " --target " + url(echo) +
                             " --threshold 'p99_ms<5' --quiet --out " + out_.str());
  EXPECT_EQ(r.exit_code, 99) << r.all;
  EXPECT_NE(r.all.find("FAIL  replay: p99_ms < 5"), std::string::npos) << r.all;
  EXPECT_NE(readFile(out_.str() + "/junit.xml").find("<failure message=\"p99_ms was"),
            std::string::npos);
}

TEST_F(ReplayCommand, ADeadTargetFailsEveryRequest) {
  std::string dead;
  {
    EchoProcess gone({}, SHADOWSCALE_ECHO);
    dead = url(gone);
  }
  const CliRun r =
      replayCli(capture_.str() + " --target " + dead + " --quiet --threshold 'error_rate<0.5'");
  EXPECT_EQ(r.exit_code, 99) << r.all;
  EXPECT_NE(r.all.find("connection errors 20"), std::string::npos) << r.all;
}

TEST_F(ReplayCommand, BadInputExitsTwoAndSaysWhere) {
  const CliRun no_target = replayCli(capture_.str());
  EXPECT_EQ(no_target.exit_code, 2) << no_target.all;
  EXPECT_NE(no_target.all.find("--target"), std::string::npos) << no_target.all;

  const CliRun https = replayCli(capture_.str() + " --target https://example.com");
  EXPECT_EQ(https.exit_code, 2) << https.all;
  EXPECT_NE(https.all.find("https is not supported"), std::string::npos) << https.all;

  const CliRun missing = replayCli("/nonexistent/x.capture --target http://127.0.0.1:9");
  EXPECT_EQ(missing.exit_code, 2) << missing.all;
  EXPECT_NE(missing.all.find("/nonexistent/x.capture"), std::string::npos) << missing.all;

  const CliRun threshold =
      replayCli(capture_.str() + " --target http://127.0.0.1:9 --threshold 'p99_ms=3'");
  EXPECT_EQ(threshold.exit_code, 2) << threshold.all;
  EXPECT_NE(threshold.all.find("--threshold: 'p99_ms=3'"), std::string::npos) << threshold.all;

  const CliRun speed = replayCli(capture_.str() + " --target http://127.0.0.1:9 --speed 0");
  EXPECT_EQ(speed.exit_code, 2) << speed.all;
}

}  // namespace
}  // namespace shadowscale
