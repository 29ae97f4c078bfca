#include "report/run_summary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/input_error.h"

namespace shadowscale {
namespace {

std::string errorOf(const std::string& text) {
  try {
    parseRunSummary(text, "run/summary.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(RunSummaryTest, KeepsMetricsInTheOrderTheRunWroteThem) {
  const RunSummary s = parseRunSummary(
      R"({"setups": [{"name": "hpa", "metrics": {"requests": 10, "p99_ms": 80.5, "cost": null}}]})",
      "s");
  ASSERT_EQ(s.setups.size(), 1u);
  const auto& m = s.setups[0].metrics;
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].first, "requests");
  EXPECT_EQ(m[1].first, "p99_ms");
  EXPECT_EQ(m[2].first, "cost");
  EXPECT_TRUE(std::isnan(s.setups[0].metric("cost")));
  EXPECT_EQ(s.setups[0].metric("p99_ms"), 80.5);
}

TEST(RunSummaryTest, ASixtyFourBitSeedKeepsEveryDigit) {
  EXPECT_EQ(parseRunSummary(R"({"seed": 18446744073709551615})", "s").seed, "18446744073709551615");
  EXPECT_EQ(parseRunSummary(R"({"seed": 20260302})", "s").seed, "20260302");
}

TEST(RunSummaryTest, ReadsTheRunFactsAndSkipsWhatItDoesNotKnow) {
  const RunSummary s = parseRunSummary(
      R"({"duration_s": 604800, "interval_s": 60, "warmup_s": 86400, "new": [1, {"a": 2}],
          "slo": {"latency_target_ms": 300, "percentile": 0.99, "error_budget": 0.001},
          "thresholds": [{"setup": "hpa", "metric": "p99_ms", "op": "<", "limit": 300,
                          "actual": 81, "passed": false}]})",
      "s");
  EXPECT_EQ(s.duration_s, 604800);
  EXPECT_EQ(s.warmup_s, 86400);
  EXPECT_EQ(s.slo_latency_ms, 300);
  ASSERT_EQ(s.thresholds.size(), 1u);
  EXPECT_FALSE(s.thresholds[0].passed);
  EXPECT_EQ(s.thresholds[0].op, "<");
}

TEST(RunSummaryTest, ReadsTheRunsOwnNotesAndEachSetups) {
  const RunSummary s = parseRunSummary(
      R"({"notes": ["traffic has no data from a to b"],
          "setups": [{"name": "p", "notes": ["never left its warm-up"]}]})",
      "s");
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_EQ(s.notes[0], "traffic has no data from a to b");
  ASSERT_EQ(s.setups.size(), 1u);
  ASSERT_EQ(s.setups[0].notes.size(), 1u);
  EXPECT_EQ(s.setups[0].notes[0], "never left its warm-up");
  EXPECT_NE(errorOf(R"({"notes": [3]})").find("notes: expected strings"), std::string::npos);
}

TEST(RunSummaryTest, ErrorsNameTheFileAndTheLineOrTheField) {
  EXPECT_NE(errorOf("{\n\"a\": 1\n\"b\": 2}")
                .find("run/summary.json:3: column 3: not valid JSON: syntax error"),
            std::string::npos)
      << errorOf("{\n\"a\": 1\n\"b\": 2}");
  EXPECT_NE(errorOf("").find("run/summary.json:1: column 1: not valid JSON"), std::string::npos)
      << errorOf("");
  EXPECT_NE(errorOf("[1]").find("run/summary.json: the top level: expected an object"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"thresholds": [{"passed": "yes"}]})")
                .find("run/summary.json: thresholds[0].passed: expected true or false"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"slo": 3})").find("run/summary.json: slo: expected an object"),
            std::string::npos);
}

}  // namespace
}  // namespace shadowscale
