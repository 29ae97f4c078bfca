// The real shadowscale-studio program in a virtual X server (xvfb-run): it opens the default
// scenario, runs it, saves a screenshot and quits with the exit status the CLI gives; its
// summary.json is byte for byte the CLI's.
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/app/studio/forecast_data.h"
#include "tests/app/studio/studio_test_dir.h"

namespace shadowscale::studio {
namespace {

namespace fs = std::filesystem;

// A command started at once; finish() collects its output and exit status.
class Process {
 public:
  explicit Process(const std::string& command) : pipe_(popen((command + " 2>&1").c_str(), "r")) {}
  ~Process() {
    if (pipe_ != nullptr) {
      pclose(pipe_);
    }
  }
  int finish(std::string& output) {
    if (pipe_ == nullptr) {
      return -1;
    }
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe_)) > 0) {
      output.append(buf, n);
    }
    const int status = pclose(pipe_);
    pipe_ = nullptr;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  FILE* pipe_;
};

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

using StudioEndToEndTest = StudioTestDir;

// "xvfb-run" with an X authority file in the test's folder. Left to itself, xvfb-run makes a
// temporary folder for it and exits 5 when it cannot remove that folder afterwards, whatever
// the program it ran returned: in a fresh clone's run of the whole suite that happened once,
// after the studio had exited 2 as it should.
std::string xvfbRun(const fs::path& dir) {
  return "xvfb-run -a -f '" + (dir / "Xauthority").string() + "' ";
}

TEST_F(StudioEndToEndTest, RunsTheDefaultScenarioLikeTheCliAndSavesAScreenshot) {
  ASSERT_EQ(std::system("command -v xvfb-run > /dev/null"), 0)
      << "xvfb-run is missing: scripts/install-deps.sh installs it";
  // From the repository root, as a planner would: the scenario path in summary.json is the
  // same for both.
  const std::string root = std::string("cd '") + SHADOWSCALE_SOURCE_DIR + "' && ";
  Process cli(root + SHADOWSCALE_CLI + " run scenarios/default.textproto --quiet --out '" +
              path("cli") + "'");
  Process studio(root + xvfbRun(dir_) + "-s '-screen 0 1600x1000x24' " + SHADOWSCALE_STUDIO +
                 " scenarios/default.textproto --out '" + path("studio") +
                 "' --run --size 1600x1000 --screenshot '" + path("studio.png") + "' --quit");
  std::string cli_out, studio_out;
  const int cli_status = cli.finish(cli_out);
  const int studio_status = studio.finish(studio_out);
  EXPECT_EQ(cli_status, 0) << cli_out;
  EXPECT_EQ(studio_status, cli_status) << studio_out;
  EXPECT_NE(studio_out.find("run ended, exit status 0"), std::string::npos) << studio_out;
  const std::string cli_summary = readFile(dir_ / "cli" / "summary.json");
  ASSERT_FALSE(cli_summary.empty());
  EXPECT_EQ(readFile(dir_ / "studio" / "summary.json"), cli_summary);
  EXPECT_EQ(readFile(dir_ / "studio" / "intervals.csv"), readFile(dir_ / "cli" / "intervals.csv"));
  for (const char* f : {"junit.xml", "report.html"}) {
    EXPECT_TRUE(fs::exists(dir_ / "studio" / f)) << f;
  }
  const std::string png = readFile(dir_ / "studio.png");
  ASSERT_GT(png.size(), 10000u) << studio_out;
  EXPECT_EQ(png.substr(1, 3), "PNG");
}

TEST_F(StudioEndToEndTest, ABrokenScenarioExitsTwoLikeTheCli) {
  write("broken.textproto", "name: \"x\"\nsetup { name: 7 }\n");
  std::string out;
  Process studio(xvfbRun(dir_) + std::string(SHADOWSCALE_STUDIO) + " '" + path("broken.textproto") +
                 "' --out '" + path("out") + "' --run --quit");
  EXPECT_EQ(studio.finish(out), 2) << out;
  EXPECT_NE(out.find("broken.textproto:2"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

TEST_F(StudioEndToEndTest, OpensWhatTheCommandLineNamesAndTakesTheScreenshotWhenItIsDone) {
  const std::string studio = xvfbRun(dir_) + std::string(SHADOWSCALE_STUDIO) + " --quit ";
  // A series backtested in the Forecast lab (without the LSTM, to be quick).
  write("counts.csv", dailyCountsCsv(16, kMinute));
  std::string out;
  Process lab(studio + "--series '" + path("counts.csv") +
              "' --backtest --epochs 0 --page forecast --screenshot '" + path("lab.png") + "'");
  EXPECT_EQ(lab.finish(out), 0) << out;
  EXPECT_NE(out.find("wrote " + path("lab.png")), std::string::npos) << out;
  EXPECT_EQ(readFile(dir_ / "lab.png").substr(1, 3), "PNG");

  // A log imported as if dropped: within its budget of bad lines a capture is written...
  copyFromSource("docs/examples/shop-access.log", "shop.log");
  out.clear();
  Process within(studio + "'" + path("shop.log") + "' --max-bad 1");
  EXPECT_EQ(within.finish(out), 0) << out;
  EXPECT_TRUE(fs::exists(dir_ / "shop.capture"));
  // ...and over it nothing is, and the status says the import failed.
  fs::remove(dir_ / "shop.capture");
  out.clear();
  Process over(studio + "'" + path("shop.log") + "'");
  EXPECT_EQ(over.finish(out), 1) << out;
  EXPECT_FALSE(fs::exists(dir_ / "shop.capture"));

  out.clear();
  Process nowhere(studio + "--page nowhere");
  EXPECT_EQ(nowhere.finish(out), 2) << out;
  EXPECT_NE(out.find("--page: no page called 'nowhere'"), std::string::npos) << out;
}

}  // namespace
}  // namespace shadowscale::studio
