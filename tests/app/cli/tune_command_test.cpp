// End-to-end checks of `shadowscale tune` and `shadowscale merge`: the real program, real files,
// shards screened by separate processes running at the same time.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "tests/app/cli/cli_process.h"
#include "tests/tune/test_scenario.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;
using cli_test::runCli;

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::map<std::string, std::string> filesIn(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) {
      out[fs::relative(e.path(), dir).string()] = readFile(e.path());
    }
  }
  return out;
}

class TuneCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("shadowscale-tune-command-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    scenario_ = testing::writeScenario(dir_, "small.textproto", testing::kSmallScenario);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string search() const {
    return scenario_ + " --candidates 16 --confirm 3 --forecasters seasonal-naive-day,last-value";
  }
  fs::path dir_;
  std::string scenario_;
};

TEST_F(TuneCommandTest, ShardsFromSeparateProcessesMergeToTheUnshardedOutputsByteForByte) {
  const fs::path whole = dir_ / "whole";
  const auto r = runCli("tune " + search() + " --threads 2 --out " + whole.string());
  ASSERT_EQ(r.exit_code, 0) << r.all;
  EXPECT_NE(r.out.find("front (simulator, training window)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("out of sample:"), std::string::npos) << r.out;
  for (const char* f :
       {"front.csv", "confirmed.csv", "candidates.csv", "tune.json", "report.html"}) {
    EXPECT_TRUE(fs::exists(whole / f)) << f;
  }
  EXPECT_FALSE(fs::is_empty(whole / "setups"));

  // Three processes at once, one slice each, as three pods of an indexed job would run.
  const fs::path shards = dir_ / "shards";
  const std::string cli = SHADOWSCALE_CLI;
  std::string cmd = "(";
  for (int i = 0; i < 3; ++i) {
    cmd += cli + " tune " + search() + " --threads 1 --quiet --shard " + std::to_string(i) +
           "/3 --out " + shards.string() + " > /dev/null 2>&1 & ";
  }
  cmd += "wait)";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(fs::exists(shards / ("shard-" + std::to_string(i) + "-of-3.json")));
  }
  const fs::path merged = dir_ / "merged";
  const auto m =
      runCli("merge " + (shards / "shard-0-of-3.json").string() + " " +
             (shards / "shard-2-of-3.json").string() + " " +
             (shards / "shard-1-of-3.json").string() + " --quiet --out " + merged.string());
  ASSERT_EQ(m.exit_code, 0) << m.all;
  EXPECT_EQ(filesIn(merged), filesIn(whole));
  EXPECT_EQ(m.out.substr(0, m.out.find("chosen:")), r.out.substr(0, r.out.find("chosen:")));
}

TEST_F(TuneCommandTest, BadArgumentsAndMissingShardsExitTwoNamingTheProblem) {
  const auto shard = runCli("tune " + search() + " --shard 3/3 --out " + dir_.string());
  EXPECT_EQ(shard.exit_code, 2);
  EXPECT_NE(shard.all.find("--shard"), std::string::npos) << shard.all;
  const auto kind = runCli("tune " + scenario_ + " --forecasters holt-winter");
  EXPECT_EQ(kind.exit_code, 2);
  EXPECT_NE(kind.all.find("unknown kind 'holt-winter'"), std::string::npos) << kind.all;
  const auto baseline = runCli("tune " + scenario_ + " --baseline missing");
  EXPECT_EQ(baseline.exit_code, 2);
  EXPECT_NE(baseline.all.find("no setup named 'missing'"), std::string::npos) << baseline.all;

  const auto one =
      runCli("tune " + search() + " --quiet --shard 0/2 --out " + (dir_ / "s").string());
  ASSERT_EQ(one.exit_code, 0) << one.all;
  const auto merge = runCli("merge " + (dir_ / "s" / "shard-0-of-2.json").string() + " --out " +
                            (dir_ / "m").string());
  EXPECT_EQ(merge.exit_code, 2);
  EXPECT_NE(merge.all.find("shard 1 of 2 is missing"), std::string::npos) << merge.all;
  EXPECT_FALSE(fs::exists(dir_ / "m" / "front.csv")) << "nothing is written on bad input";
}

// The help names the kinds a search tries by default, which are the search space's.
TEST(TuneCommandHelpTest, TheHelpNamesTheDefaultForecasters) {
  const auto r = runCli("tune --help");
  ASSERT_EQ(r.exit_code, 0) << r.all;
  EXPECT_NE(r.out.find("(default: holt-winters, seasonal-naive-day, seasonal-naive-week, "
                       "last-value)"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace shadowscale
