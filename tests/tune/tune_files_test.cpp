#include "tune/tune_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/input_error.h"
#include "tests/tune/test_scenario.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

// Screened rows of a made-up shard: every candidate of slice `index` of `count`.
std::vector<Screened> rows(const TuneContext& ctx, int index, int count) {
  std::vector<Screened> out;
  for (const Candidate& c : ctx.candidates) {
    if (c.index % count == index) {
      Screened s;
      s.index = c.index;
      s.train = {10.5 + c.index, static_cast<double>(c.index % 7), 1e6 / 3, 12};
      if (c.index == 4) {
        s.valid = false;
        s.error = "small.textproto:40: setup.policy: a reason";
      }
      out.push_back(s);
    }
  }
  return out;
}

class TuneFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Of this process: checkouts on one machine run their suites at the same time.
    dir_ =
        fs::temp_directory_path() / ("shadowscale-tune-files-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    path_ = testing::writeScenario(dir_, "small.textproto", testing::kSmallScenario);
    options_.candidates = 14;
    ctx_ = prepareTune(path_, options_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  // Writes shard `i` of `n` and returns its path.
  std::string write(int i, int n, const TuneOptions& o, const std::string& name = "") {
    const fs::path p = dir_ / (name.empty() ? "shard-" + std::to_string(i) + ".json" : name);
    std::ofstream(p, std::ios::binary) << shardJson(ctx_, o, {i, n}, rows(ctx_, i, n));
    return p.string();
  }
  // The message of the InputError joining `paths` throws, or "".
  std::string joinError(const std::vector<std::string>& paths) {
    std::vector<ShardFile> files;
    try {
      for (const auto& p : paths) {
        files.push_back(readShardFile(p));
      }
      joinShards(files, paths);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
  fs::path dir_;
  std::string path_;
  TuneOptions options_;
  TuneContext ctx_;
};

// The options line says what --confirm means (the fluid model's pick comes on top) and keeps a
// long baseline name whole.
TEST(DescribeOptionsTest, SaysWhatConfirmMeansAndKeepsTheBaselineWhole) {
  TuneOptions o;
  o.candidates = 400;
  o.confirm = 6;
  o.baseline = std::string(300, 'b');
  const std::string text = describeOptions(o);
  EXPECT_NE(text.find("400 candidates, up to 6 confirmed plus the fluid model's pick"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("the baseline '" + o.baseline + "'"), std::string::npos) << text;
}

TEST_F(TuneFilesTest, AShardFileReadsBackExactly) {
  const ShardFile f = readShardFile(write(1, 2, options_));
  EXPECT_EQ(f.scenario_path, path_);
  EXPECT_EQ(f.scenario_hash, ctx_.scenario_hash);
  EXPECT_EQ(f.shard.index, 1);
  EXPECT_EQ(f.shard.count, 2);
  EXPECT_EQ(f.options.candidates, 14);
  EXPECT_EQ(f.options.space.forecasters, options_.space.forecasters);
  const auto expected = rows(ctx_, 1, 2);
  ASSERT_EQ(f.screened.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(f.screened[i].index, expected[i].index);
    EXPECT_EQ(f.screened[i].train.instance_hours, expected[i].train.instance_hours);
    EXPECT_EQ(f.screened[i].train.requests, expected[i].train.requests) << "bit for bit";
  }
}

TEST_F(TuneFilesTest, JoinedShardsHoldEveryCandidateOnceInOrder) {
  const std::vector<std::string> paths{write(2, 3, options_), write(0, 3, options_),
                                       write(1, 3, options_)};
  std::vector<ShardFile> files;
  for (const auto& p : paths) {
    files.push_back(readShardFile(p));
  }
  const ShardFile all = joinShards(files, paths);
  ASSERT_EQ(all.screened.size(), ctx_.candidates.size());
  for (std::size_t i = 0; i < all.screened.size(); ++i) {
    EXPECT_EQ(all.screened[i].index, static_cast<int>(i));
  }
  EXPECT_FALSE(all.screened[4].valid);
  EXPECT_EQ(all.screened[4].error, "small.textproto:40: setup.policy: a reason");
}

TEST_F(TuneFilesTest, AMissingOrRepeatedShardIsBadInput) {
  const std::string a = write(0, 3, options_);
  const std::string b = write(1, 3, options_);
  EXPECT_NE(joinError({a, b}).find("shard 2 of 3 is missing"), std::string::npos);
  const std::string again = write(1, 3, options_, "again.json");
  const std::string e = joinError({a, b, again});
  EXPECT_NE(e.find("again.json"), std::string::npos) << e;
  EXPECT_NE(e.find("also in"), std::string::npos) << e;
}

TEST_F(TuneFilesTest, ShardsOfOtherOptionsOrCountsDoNotJoin) {
  TuneOptions other = options_;
  other.seed = 99;
  const std::string a = write(0, 2, options_);
  const std::string e = joinError({a, write(1, 2, other, "other.json")});
  EXPECT_NE(e.find("other.json: options: differ"), std::string::npos) << e;
  const std::string c = joinError({a, write(1, 3, options_, "three.json")});
  EXPECT_NE(c.find("three.json: shards"), std::string::npos) << c;
}

TEST_F(TuneFilesTest, AFileThatIsNoShardIsBadInputNamingIt) {
  const fs::path junk = dir_ / "junk.json";
  std::ofstream(junk) << "{ not json";
  EXPECT_NE(joinError({junk.string()}).find("junk.json"), std::string::npos);
  const fs::path wrong = dir_ / "wrong.json";
  std::ofstream(wrong) << R"({"format": "something-else"})";
  EXPECT_NE(joinError({wrong.string()}).find("wrong.json: format"), std::string::npos);
  const fs::path partial = dir_ / "partial.json";
  std::ofstream(partial) << R"({"format": "shadowscale-tune-shard/1", "scenario": "x"})";
  EXPECT_NE(joinError({partial.string()}).find("partial.json: scenario_fnv1a"), std::string::npos);
  EXPECT_NE(joinError({(dir_ / "absent.json").string()}).find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace shadowscale
