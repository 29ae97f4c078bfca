#include "sim/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/scenario_loader.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

// Two setups over two hours of synthetic traffic at one-minute intervals.
Scenario smallScenario() {
  return parseScenarioText(R"(name: "small"
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
)",
                           "small.textproto", "");
}

// A fresh output folder per test, removed afterwards.
class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("shadowscale-engine-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(EngineTest, RowsAndFinishedSetupsReachTheCallbacksAsTheyHappen) {
  std::mutex m;
  std::multiset<std::string> streamed;
  std::set<std::size_t> setups;
  RunOptions options;
  options.out_dir = dir_.string();
  options.threads = 2;
  options.on_row = [&](std::size_t setup, std::string_view row) {
    std::lock_guard<std::mutex> lock(m);
    streamed.emplace(row);
    setups.insert(setup);
  };
  std::vector<std::string> done;
  options.on_setup_done = [&](std::size_t setup, const SetupResult& result) {
    std::lock_guard<std::mutex> lock(m);
    done.push_back(std::to_string(setup) + " " + result.name);
  };
  const RunReport report = runScenario(smallScenario(), options);
  std::sort(done.begin(), done.end());
  EXPECT_EQ(done, (std::vector<std::string>{"0 hpa", "1 fixed"}));
  std::ifstream csv(dir_ / "intervals.csv");
  std::string line;
  std::getline(csv, line);  // the header
  std::multiset<std::string> written;
  while (std::getline(csv, line)) {
    written.insert(line);
  }
  EXPECT_EQ(written.size(), 2u * 120u);
  EXPECT_EQ(streamed, written);
  EXPECT_EQ(setups, (std::set<std::size_t>{0, 1}));
}

TEST_F(EngineTest, CancellingStopsTheRunAndLeavesNoPartFiles) {
  std::atomic<bool> cancel{false};
  std::atomic<int> rows{0};
  RunOptions options;
  options.out_dir = dir_.string();
  options.threads = 1;
  options.cancel = &cancel;
  options.on_row = [&](std::size_t, std::string_view) {
    if (++rows == 10) {
      cancel = true;
    }
  };
  EXPECT_THROW(runScenario(smallScenario(), options), RunCancelled);
  // Each setup stops at the next interval once cancelled: far fewer than its 120 rows.
  EXPECT_LT(rows.load(), 2 * 120);
  for (const auto& entry : fs::directory_iterator(dir_)) {
    ADD_FAILURE() << "left behind: " << entry.path();
  }
}

}  // namespace
}  // namespace shadowscale
