// The command line as a user meets it: every command parses its arguments the same way, and bad
// arguments and bad input exit 2 with one message naming the command and the option.
#include "app/cli/command_line.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "core/input_error.h"
#include "tests/app/cli/cli_process.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;
using cli_test::runCli;

const char* const kCommands[] = {"run",    "report", "train",        "backtest",
                                 "export", "import", "capture-info", "version"};

class CommandLineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("shadowscale-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

  fs::path dir_;
};

TEST_F(CommandLineTest, EveryCommandHasHelpWithUsageAndExitCodes) {
  for (const char* command : kCommands) {
    const auto r = runCli(std::string(command) + " --help");
    EXPECT_EQ(r.exit_code, 0) << command << "\n" << r.all;
    EXPECT_NE(r.out.find("Usage: shadowscale " + std::string(command)), std::string::npos) << r.out;
    if (std::string(command) != "version") {
      EXPECT_NE(r.out.find("exit codes:"), std::string::npos) << command << "\n" << r.out;
    }
  }
  const auto top = runCli("--help");
  EXPECT_EQ(top.exit_code, 0);
  for (const char* command : kCommands) {
    EXPECT_NE(top.out.find(std::string("\n  ") + command + " "), std::string::npos) << command;
  }
}

TEST_F(CommandLineTest, NoCommandOrAnUnknownOneExitsTwoWithTheList) {
  const auto none = runCli("");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(none.out.empty()) << "the usage goes to stderr";
  EXPECT_NE(none.all.find("capture-info"), std::string::npos) << none.all;
  const auto unknown = runCli("frobnicate");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.all.find("shadowscale: unknown command 'frobnicate'"), std::string::npos)
      << unknown.all;
}

TEST_F(CommandLineTest, VersionPrintsTheBuildsVersion) {
  const auto a = runCli("version");
  const auto b = runCli("--version");
  EXPECT_EQ(a.exit_code, 0);
  EXPECT_EQ(b.exit_code, 0);
  EXPECT_EQ(a.out.rfind("shadowscale ", 0), 0u) << a.out;
  EXPECT_EQ(a.out, b.out);
}

TEST_F(CommandLineTest, NumbersOutOfRangeAreRejectedNamingTheOption) {
  const std::string scenario = std::string(SHADOWSCALE_SOURCE_DIR) + "/scenarios/default.textproto";
  const auto seed = runCli("run " + scenario + " --seed -1");
  EXPECT_EQ(seed.exit_code, 2);
  EXPECT_NE(seed.all.find("shadowscale run: --seed: expected a whole number from 0 to "),
            std::string::npos)
      << seed.all;
  const auto threads = runCli("run " + scenario + " --threads 0");
  EXPECT_EQ(threads.exit_code, 2);
  EXPECT_NE(threads.all.find("--threads: expected a whole number from 1 to"), std::string::npos)
      << threads.all;
  const auto epochs = runCli("train --series x.csv --epochs 0");
  EXPECT_EQ(epochs.exit_code, 2);
  EXPECT_NE(epochs.all.find("--epochs"), std::string::npos) << epochs.all;
  const auto slo = runCli("report " + dir_.string() + " --slo-ms -5");
  EXPECT_EQ(slo.exit_code, 2);
  EXPECT_NE(slo.all.find("--slo-ms: expected a number above 0"), std::string::npos) << slo.all;
}

TEST_F(CommandLineTest, MissingAndUnknownArgumentsExitTwo) {
  EXPECT_EQ(runCli("run").exit_code, 2);
  EXPECT_EQ(runCli("run a.textproto --bogus").exit_code, 2);
  EXPECT_EQ(runCli("train").exit_code, 2);
  EXPECT_EQ(runCli("export --model m.pt").exit_code, 2);
  EXPECT_EQ(runCli("capture-info a b").exit_code, 2);
  const auto format = runCli("import in.log -o out.capture");
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_NE(format.all.find("shadowscale import: --format is required"), std::string::npos)
      << format.all;
  EXPECT_EQ(format.all.find("import: import:"), std::string::npos) << format.all;
  const auto bad_format = runCli("import --format xml in.log -o out.capture");
  EXPECT_EQ(bad_format.exit_code, 2);
  EXPECT_NE(bad_format.all.find("clf,combined,nginx,counts,gor"), std::string::npos)
      << bad_format.all;
}

TEST_F(CommandLineTest, ImportReadsDurationsLikeScenariosDo) {
  const std::string in = write("c.csv", "2024-01-01T00:00:00Z,60\n2024-01-01T00:01:00Z,60\n");
  const std::string out = (dir_ / "c.capture").string();
  const auto ok = runCli("import --format counts --interval 1m30s " + in + " -o " + out);
  EXPECT_EQ(ok.exit_code, 0) << ok.all;
  const auto bare = runCli("import --format counts --interval 60 " + in + " -o " + out);
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_NE(bare.all.find("--interval: missing unit"), std::string::npos) << bare.all;
}

TEST_F(CommandLineTest, BadInputInAFileExitsTwoNamingIt) {
  const std::string series = write("s.csv", "time,count\n2024-01-01 00:00:00,1\nx,y\n");
  const auto train = runCli("train --series " + series);
  EXPECT_EQ(train.exit_code, 2) << train.all;
  EXPECT_NE(train.all.find("shadowscale train: " + series + ":3: "), std::string::npos)
      << train.all;
  const auto folder = runCli("run " + dir_.string());
  EXPECT_EQ(folder.exit_code, 2);
  EXPECT_NE(folder.all.find("is a folder, not a scenario file"), std::string::npos) << folder.all;
  const auto empty = runCli("run " + write("empty.textproto", "\n"));
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.all.find("the scenario file is empty"), std::string::npos) << empty.all;
}

TEST_F(CommandLineTest, OutputsThatCannotBeWrittenAreRefusedBeforeTheWork) {
  const std::string file = write("taken", "x");
  const auto run = runCli("run " + std::string(SHADOWSCALE_SOURCE_DIR) +
                          "/scenarios/default.textproto --quiet --out " + file);
  EXPECT_EQ(run.exit_code, 2) << run.all;
  EXPECT_NE(run.all.find("--out: " + file + " exists and is not a folder"), std::string::npos)
      << run.all;
  const std::string series = write("s.csv", "time,count\n2024-01-01 00:00:00,1\n");
  const auto json = runCli("backtest --no-lstm --series " + series + " --json " + file + "/b.json");
  EXPECT_EQ(json.exit_code, 2) << json.all;
  EXPECT_NE(json.all.find("--json: " + file + " exists and is not a folder"), std::string::npos)
      << json.all;
  EXPECT_EQ(json.all.find("fitting"), std::string::npos) << "no work before the check";
}

TEST_F(CommandLineTest, OnlyCommandsThatBuildAnLstmLoadLibtorch) {
  // The dynamic loader lists every library it loads when LD_DEBUG=libs.
  for (const std::string& args : {std::string("--help"), std::string("version"),
                                  "capture-info " + write("x.capture", "not a capture")}) {
    int code = 0;
    const std::string log = cli_test::readCommand(
        "LD_DEBUG=libs " + std::string(SHADOWSCALE_CLI) + " " + args + " 2>&1", code);
    EXPECT_EQ(log.find("libtorch"), std::string::npos) << args;
    EXPECT_NE(log.find("libc.so"), std::string::npos) << "LD_DEBUG shows nothing: " << log;
  }
  // A command that builds an LSTM does load it (here before finding the series too short).
  std::string rows = "time,count\n";
  for (int m = 0; m < 30; ++m) {
    rows += "2024-01-01 00:" + std::string(m < 10 ? "0" : "") + std::to_string(m) + ":00,5\n";
  }
  const std::string series = write("s.csv", rows);
  int code = 0;
  const std::string log =
      cli_test::readCommand("LD_DEBUG=libs " + std::string(SHADOWSCALE_CLI) + " train --series " +
                                series + " --out " + (dir_ / "m.pt").string() + " 2>&1",
                            code);
  EXPECT_NE(log.find("libtorch"), std::string::npos);
}

TEST(ExitCodes, MapOneErrorTypeToOneCode) {
  EXPECT_EQ(exitCodeFor(InputError("x")), 2);
  EXPECT_EQ(exitCodeFor(CLI::ValidationError("x")), 2);
  EXPECT_EQ(exitCodeFor(ThresholdsCrossed("x")), 99);
  EXPECT_EQ(exitCodeFor(std::invalid_argument("x")), 1);
  EXPECT_EQ(exitCodeFor(std::runtime_error("x")), 1);
}

}  // namespace
}  // namespace shadowscale
