#include "tune/tuner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "core/input_error.h"
#include "report/svg_chart.h"
#include "scenarios/scenario_loader.h"
#include "sim/engine.h"
#include "tests/tune/test_scenario.h"
#include "tune/choice.h"
#include "tune/tune_files.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

// A fresh folder of this process: checkouts on one machine run their suites at the same time.
// Every folder made is removed when the program ends.
fs::path tempDir(const std::string& name) {
  struct Made {
    std::vector<fs::path> dirs;
    ~Made() {
      std::error_code ec;
      for (const fs::path& d : dirs) {
        fs::remove_all(d, ec);
      }
    }
  };
  static Made made;
  const fs::path d = fs::temp_directory_path() /
                     ("shadowscale-tuner-test-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(d);
  made.dirs.push_back(d);
  return d;
}

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every file under `dir` by its relative path.
std::map<std::string, std::string> filesIn(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) {
      out[fs::relative(e.path(), dir).string()] = readFile(e.path());
    }
  }
  return out;
}

TuneOptions smallSearch() {
  TuneOptions o;
  o.candidates = 18;
  o.confirm = 3;
  o.space.forecasters = {"seasonal-naive-day", "last-value"};
  return o;
}

// One search on the small scenario, shared by the tests that only read its result.
class TunerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(tempDir("shared"));
    const std::string path =
        testing::writeScenario(*dir_, "small.textproto", testing::kSmallScenario);
    ctx_ = new TuneContext(prepareTune(path, smallSearch()));
    TuneExecution exec;
    exec.threads = 2;
    result_ = new TuneResult(confirmFront(*ctx_, smallSearch(), screen(*ctx_, {}, exec), exec));
    writeTuneOutputs((*dir_ / "out").string(), *ctx_, smallSearch(), *result_);
  }
  static void TearDownTestSuite() {
    delete result_;
    delete ctx_;
    delete dir_;
  }
  static fs::path* dir_;
  static TuneContext* ctx_;
  static TuneResult* result_;
};

fs::path* TunerTest::dir_ = nullptr;
TuneContext* TunerTest::ctx_ = nullptr;
TuneResult* TunerTest::result_ = nullptr;

TEST_F(TunerTest, TheSplitLeavesTheWarmUpOutAndTestsOnTheRest) {
  EXPECT_EQ(ctx_->train.from, kDay);
  EXPECT_EQ(ctx_->train.to, ctx_->test.from);
  EXPECT_EQ(ctx_->test.to, 3 * kDay);
  // 70 % of the two judged days, on whole minutes.
  EXPECT_EQ(ctx_->train.to, kDay + (2 * kDay * 7 / 10) / kMinute * kMinute);
}

TEST_F(TunerTest, EveryCandidateIsScreenedInOrderAndTheBestAreConfirmed) {
  ASSERT_EQ(result_->screened.size(), ctx_->candidates.size());
  for (std::size_t i = 0; i < result_->screened.size(); ++i) {
    EXPECT_EQ(result_->screened[i].index, static_cast<int>(i));
    EXPECT_TRUE(result_->screened[i].valid) << result_->screened[i].error;
    EXPECT_GT(result_->screened[i].train.instance_hours, 0);
  }
  EXPECT_GE(result_->confirmed.size(), 3u);
  EXPECT_LE(result_->confirmed.size(), 4u) << "three by layer plus the best within budget";
  for (const Confirmed& c : result_->confirmed) {
    EXPECT_GT(c.sim_train.requests, 0);
    EXPECT_GT(c.sim_test.instance_hours, 0);
  }
}

// The rule of choice (tune/choice.h) on the search's own results: within the budget on the
// whole training window and on its last part; the baseline of the small scenario loses enough
// minutes to rank by, so the fewest minutes win.
TEST_F(TunerTest, TheChosenSetupHasTheFewestViolationMinutesWithinTheBudget) {
  ASSERT_GE(result_->chosen, 0);
  const Confirmed& chosen = result_->confirmed[static_cast<std::size_t>(result_->chosen)];
  EXPECT_TRUE(chosen.chosen);
  EXPECT_NE(result_->choice_reason.find("the fewest violation minutes"), std::string::npos)
      << result_->choice_reason;
  const Confirmed& base = result_->baseline;
  ASSERT_LE(chanceOfAtLeast(base.sim_train.violation_minutes, 0), kClearlyMoreLevel);
  auto within = [&](const Confirmed& c) {
    return c.sim_train.instance_hours <= 1.10 * base.sim_train.instance_hours &&
           c.sim_train_parts.back().instance_hours <=
               1.10 * base.sim_train_parts.back().instance_hours;
  };
  EXPECT_TRUE(within(chosen));
  for (const Confirmed& c : result_->confirmed) {
    if (within(c)) {
      EXPECT_GE(c.sim_train.violation_minutes, chosen.sim_train.violation_minutes) << c.name;
    }
  }
  const WindowMetrics& b = base.sim_test;
  const bool met = chosen.sim_test.violation_minutes <= 0.5 * b.violation_minutes &&
                   chosen.sim_test.instance_hours <= 1.10 * b.instance_hours;
  EXPECT_EQ(result_->target_met, met);
}

// The colour of the legend entry `name` in `html`: the stroke of the line drawn before it.
std::string legendColour(const std::string& html, const std::string& name) {
  const auto at = html.find(">" + name + "</text>");
  if (at == std::string::npos) {
    return "";
  }
  const auto stroke = html.rfind("stroke=\"", at);
  return html.substr(stroke + 8, html.find('"', stroke + 8) - stroke - 8);
}

// In the report's training chart the confirmed setups, their front, the chosen setup and the
// baseline each have a colour of their own, and the page says why the chosen setup was chosen.
TEST_F(TunerTest, TheReportTellsTheFrontAndTheChosenSetupApartAndSaysWhy) {
  const std::string html = readFile(*dir_ / "out" / "report.html");
  const std::vector<std::string> names{"confirmed (simulator)", "front (simulator)", "chosen",
                                       result_->baseline.name + " (simulator)"};
  std::vector<std::string> colours;
  for (const std::string& n : names) {
    colours.push_back(legendColour(html, n));
    EXPECT_FALSE(colours.back().empty()) << n;
  }
  std::sort(colours.begin(), colours.end());
  EXPECT_EQ(std::unique(colours.begin(), colours.end()), colours.end());
  EXPECT_NE(html.find("Why this setup: " + escapeMarkup(result_->choice_reason)),
            std::string::npos);
  const std::string json = readFile(*dir_ / "out" / "tune.json");
  EXPECT_NE(json.find("\"choice_reason\": \"" + result_->choice_reason), std::string::npos);
}

// The training window's parts follow one another and cover it; the simulator's figures on them
// add up to its figures on the whole window.
TEST_F(TunerTest, TheTrainingPartsCoverTheTrainingWindowAndAddUp) {
  const auto& parts = ctx_->train_parts;
  ASSERT_EQ(parts.size(), static_cast<std::size_t>(TuneContext::kTrainParts));
  EXPECT_EQ(parts.front().from, ctx_->train.from);
  EXPECT_EQ(parts.back().to, ctx_->train.to);
  for (std::size_t k = 1; k < parts.size(); ++k) {
    EXPECT_EQ(parts[k].from, parts[k - 1].to);
    EXPECT_LT(parts[k].from, parts[k].to);
  }
  std::vector<Confirmed> all = result_->confirmed;
  all.push_back(result_->baseline);
  for (const Confirmed& c : all) {
    ASSERT_EQ(c.sim_train_parts.size(), parts.size()) << c.name;
    double hours = 0, minutes = 0;
    for (const WindowMetrics& m : c.sim_train_parts) {
      hours += m.instance_hours;
      minutes += m.violation_minutes;
    }
    EXPECT_NEAR(hours, c.sim_train.instance_hours, 1e-6 * c.sim_train.instance_hours) << c.name;
    EXPECT_EQ(minutes, c.sim_train.violation_minutes) << c.name;
  }
}

TEST_F(TunerTest, TheFluidModelRanksTheConfirmedSetupsAsTheSimulatorDoes) {
  EXPECT_GT(result_->agreement.rank_cost, 0.8);
  EXPECT_LT(result_->agreement.cost_error, 0.15);
}

TEST_F(TunerTest, EverySnippetOnTheFrontLoadsAndRuns) {
  int snippets = 0;
  for (const auto& e : fs::directory_iterator(*dir_ / "out" / "setups")) {
    ++snippets;
    const std::string text = std::string(testing::kSmallScenario) + "\n" + readFile(e.path());
    Scenario sc = parseScenarioText(text, e.path().string(), "");
    const std::string name = e.path().stem().string();
    ASSERT_EQ(sc.setups.back().name, name);
    sc.setups = {sc.setups.back()};
    const RunReport report = runScenario(sc, RunOptions{});
    ASSERT_EQ(report.setups.size(), 1u);
    EXPECT_GT(report.setups[0].metric("requests"), 0);
  }
  int on_front = 0;
  for (const Confirmed& c : result_->confirmed) {
    on_front += c.on_front ? 1 : 0;
  }
  EXPECT_EQ(snippets, on_front);
}

TEST_F(TunerTest, OutputsAreTheSameBytesWithOneThreadAndFromShards) {
  const TuneOptions o = smallSearch();
  TuneExecution one;
  one.threads = 1;
  const fs::path a = tempDir("one-thread");
  writeTuneOutputs(a.string(), *ctx_, o, confirmFront(*ctx_, o, screen(*ctx_, {}, one), one));
  EXPECT_EQ(filesIn(a), filesIn(*dir_ / "out"));

  // Three shards through their files, joined in another order.
  std::vector<ShardFile> files;
  std::vector<std::string> paths;
  for (int i : {2, 0, 1}) {
    const Shard shard{i, 3};
    const fs::path p = a / ("shard-" + std::to_string(i) + ".json");
    std::ofstream(p, std::ios::binary) << shardJson(*ctx_, o, shard, screen(*ctx_, shard, one));
    files.push_back(readShardFile(p.string()));
    paths.push_back(p.string());
  }
  const ShardFile all = joinShards(files, paths);
  const fs::path b = tempDir("merged");
  writeTuneOutputs(b.string(), *ctx_, all.options,
                   confirmFront(*ctx_, all.options, all.screened, one));
  EXPECT_EQ(filesIn(b), filesIn(*dir_ / "out"));
}

TEST(TunerInputTest, AMissingBaselineIsBadInputNamingTheFile) {
  const std::string path =
      testing::writeScenario(tempDir("no-baseline"), "small.textproto", testing::kSmallScenario);
  TuneOptions o = smallSearch();
  o.baseline = "nope";
  try {
    prepareTune(path, o);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'nope'"), std::string::npos) << e.what();
  }
}

TEST(TunerInputTest, TrafficNoLongerThanTheWarmUpIsBadInput) {
  std::string text = testing::kSmallScenario;
  text.replace(text.find("warmup: \"1d\""), 12, "warmup: \"3d\"");
  const std::string path = testing::writeScenario(tempDir("short"), "short.textproto", text);
  EXPECT_THROW(prepareTune(path, smallSearch()), InputError);
}

}  // namespace
}  // namespace shadowscale
