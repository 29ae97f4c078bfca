// Determinism of whole runs: the shipped LSTM scenario, whose setups (an HPA, a predictive policy
// with an LSTM trained during the run, one with the auto forecaster) run on parallel threads,
// gives the same bytes in every output file when run twice.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "tests/app/cli/cli_process.h"

namespace {

namespace fs = std::filesystem;
using shadowscale::cli_test::runCli;

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every regular file under `dir`, relative to it.
std::set<fs::path> filesUnder(const fs::path& dir) {
  std::set<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) {
      out.insert(fs::relative(e.path(), dir));
    }
  }
  return out;
}

TEST(RunDeterminism, TheLstmScenarioOnParallelThreadsGivesTheSameBytesTwice) {
  const fs::path dir =
      fs::temp_directory_path() / ("shadowscale-determinism-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string scenario = std::string(SHADOWSCALE_SOURCE_DIR) + "/scenarios/lstm.textproto";
  for (const char* run : {"a", "b"}) {
    // Three setups on three threads: the LSTM trains while the others simulate.
    const auto r = runCli("run " + scenario + " --threads 3 --quiet --out " + (dir / run).string());
    ASSERT_EQ(r.exit_code, 0) << r.all;
  }
  const std::set<fs::path> a = filesUnder(dir / "a");
  ASSERT_EQ(a, filesUnder(dir / "b"));
  ASSERT_TRUE(a.count("intervals.csv") > 0 && a.count("summary.json") > 0);
  for (const fs::path& f : a) {
    const std::string first = readFile(dir / "a" / f);
    EXPECT_FALSE(first.empty()) << f;
    EXPECT_TRUE(first == readFile(dir / "b" / f)) << f << " differs between the two runs";
  }
  // The LSTM setup trained and forecast: its rows on the last day carry forecasts.
  const std::string rows = readFile(dir / "a" / "intervals.csv");
  const auto last_day = rows.find("hybrid-lstm," + std::to_string(9 * 86400 + 12 * 3600) + ",");
  ASSERT_NE(last_day, std::string::npos);
  const std::string row = rows.substr(last_day, rows.find('\n', last_day) - last_day);
  EXPECT_EQ(row.find(",,"), std::string::npos) << "no forecast in " << row;
  fs::remove_all(dir);
}

}  // namespace
