// Writing form values back into scenario text: in place, comments and layout kept.
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "app/studio/models/scenario_text.h"
#include "scenarios/scenario.pb.h"

namespace shadowscale::studio {
namespace {

const std::string kText =
    "# a comment the planner wrote\n"
    "name: \"shop\"\n"
    "traffic {\n"
    "  duration: \"7d\"  # one week\n"
    "  synthetic { base_rate: \"120/s\", noise: 0.05 }\n"
    "}\n"
    "live_pool {\n"
    "\tinitial_instances: 4\n"
    "}\n"
    "setup { name: \"hpa\" policy { hpa { pool: LIVE } } }\n"
    "setup {\n"
    "  name: \"predictive\"\n"
    "}\n";

TEST(ScenarioTextTest, ReadsWrittenValuesAndLeavesDefaultsOut) {
  const ScenarioText s(kText);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.value("name"), "shop");
  EXPECT_EQ(s.value("traffic.duration"), "7d");
  EXPECT_EQ(s.value("traffic.synthetic.noise"), "0.05");
  EXPECT_EQ(s.value("live_pool.initial_instances"), "4");
  EXPECT_EQ(s.value("setup[0].policy[0].hpa.pool"), "LIVE");
  EXPECT_EQ(s.value("setup[1].name"), "predictive");
  EXPECT_EQ(s.value("slo.latency_target"), std::nullopt);
  EXPECT_EQ(s.value("live_pool.max_instances"), std::nullopt);
  EXPECT_EQ(s.message().setup_size(), 2);
}

TEST(ScenarioTextTest, ReplacesAValueInPlaceKeepingItsComment) {
  const ScenarioText s(kText);
  const std::string edited = s.withValue("traffic.duration", "14d");
  EXPECT_NE(edited.find("  duration: \"14d\"  # one week\n"), std::string::npos) << edited;
  EXPECT_EQ(ScenarioText(edited).value("traffic.duration"), "14d");
  // Everything else is byte for byte as it was.
  std::string expected = kText;
  expected.replace(expected.find("\"7d\""), 4, "\"14d\"");
  EXPECT_EQ(edited, expected);
}

TEST(ScenarioTextTest, ReplacesValuesOnOneLineAndAfterTabs) {
  const ScenarioText s(kText);
  const std::string rate = s.withValue("traffic.synthetic.base_rate", "90/s");
  EXPECT_NE(rate.find("synthetic { base_rate: \"90/s\", noise: 0.05 }"), std::string::npos) << rate;
  const std::string noise = s.withValue("traffic.synthetic.noise", "0.1");
  EXPECT_NE(noise.find("noise: 0.1 }"), std::string::npos) << noise;
  const std::string pool = s.withValue("live_pool.initial_instances", "6");
  EXPECT_NE(pool.find("\tinitial_instances: 6\n"), std::string::npos) << pool;
  const std::string name = s.withValue("setup[0].name", "reactive \"hpa\"");
  EXPECT_EQ(ScenarioText(name).value("setup[0].name"), "reactive \"hpa\"");
}

TEST(ScenarioTextTest, AddsAMissingFieldInsideItsMessage) {
  const ScenarioText s(kText);
  const std::string max = s.withValue("live_pool.max_instances", "60");
  EXPECT_NE(max.find("\tinitial_instances: 4\n  max_instances: 60\n}\n"), std::string::npos) << max;
  const std::string mirror = s.withValue("setup[1].mirror_fraction", "0.05");
  EXPECT_NE(mirror.find("  name: \"predictive\"\n  mirror_fraction: 0.05\n}"), std::string::npos)
      << mirror;
  const std::string one_line = s.withValue("setup[0].policy[0].hpa.max_replicas", "9");
  EXPECT_NE(one_line.find("hpa { pool: LIVE max_replicas: 9 }"), std::string::npos) << one_line;
  EXPECT_EQ(ScenarioText(one_line).value("setup[0].policy[0].hpa.max_replicas"), "9");
}

TEST(ScenarioTextTest, CreatesMissingMessages) {
  const ScenarioText s(kText);
  const std::string slo = s.withValue("slo.latency_target", "300ms");
  EXPECT_TRUE(slo.ends_with("}\nslo { latency_target: \"300ms\" }\n")) << slo;
  const std::string shadow = s.withValue("shadow_pool.instance.workers", "8");
  EXPECT_EQ(ScenarioText(shadow).value("shadow_pool.instance.workers"), "8");
  const std::string csv = s.withValue("traffic.count_csv.path", "counts.csv");
  EXPECT_NE(csv.find("  count_csv { path: \"counts.csv\" }\n}"), std::string::npos) << csv;
}

TEST(ScenarioTextTest, RemovesAFieldSoTheDefaultApplies) {
  const ScenarioText s(kText);
  const std::string no_duration = s.withoutValue("traffic.duration");
  EXPECT_EQ(no_duration.find("duration"), std::string::npos) << no_duration;
  EXPECT_NE(no_duration.find("traffic {\n  synthetic {"), std::string::npos) << no_duration;
  const std::string no_noise = s.withoutValue("traffic.synthetic.noise");
  EXPECT_NE(no_noise.find("synthetic { base_rate: \"120/s\", }"), std::string::npos) << no_noise;
  EXPECT_TRUE(ScenarioText(no_noise).ok());
  EXPECT_EQ(s.withoutValue("slo.percentile"), kText);
}

TEST(ScenarioTextTest, RefusesPathsTheSchemaLacksAndBrokenText) {
  const ScenarioText s(kText);
  EXPECT_THROW(s.withValue("traffic.speed", "2"), std::invalid_argument);
  EXPECT_THROW(s.withValue("setup[5].name", "x"), std::invalid_argument);
  EXPECT_THROW(s.withValue("traffic", "x"), std::invalid_argument);
  const ScenarioText broken("traffic { duration: \"7d\"\n");
  EXPECT_FALSE(broken.ok());
  EXPECT_THROW(broken.withValue("traffic.duration", "1d"), std::invalid_argument);
}

TEST(QuoteTextFormatTest, EscapesQuotesBackslashesAndControlBytes) {
  EXPECT_EQ(quoteTextFormat("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\001\"");
}

}  // namespace
}  // namespace shadowscale::studio
