// The editor's error marks come from the CLI's scenario loader, placed at line, column and field.
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "app/studio/models/scenario_check.h"

namespace shadowscale::studio {
namespace {

const std::string kBase = SHADOWSCALE_SOURCE_DIR "/scenarios";

std::string shippedDefault() {
  std::ifstream in(kBase + "/default.textproto");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(ScenarioCheckTest, TheShippedDefaultScenarioIsClean) {
  const ScenarioDiagnostic d = checkScenarioText(shippedDefault(), "default.textproto", kBase);
  EXPECT_TRUE(d.ok) << d.message;
}

TEST(ScenarioCheckTest, ABadValueIsPlacedAtItsLineAndField) {
  std::string text = shippedDefault();
  text.replace(text.find("max_replicas: 60"), 16, "max_replicas: 0");
  const ScenarioDiagnostic d = checkScenarioText(text, "edited.textproto", kBase);
  ASSERT_FALSE(d.ok);
  EXPECT_EQ(d.field, "setup[0].policy[0].hpa.max_replicas");
  EXPECT_GT(d.line, 1);
  // The column points at the field's name on that line.
  std::istringstream lines(text);
  std::string line;
  for (int i = 0; i < d.line; ++i) {
    std::getline(lines, line);
  }
  ASSERT_GT(d.column, 0) << line;
  EXPECT_EQ(line.substr(static_cast<std::size_t>(d.column - 1), 12), "max_replicas");
  EXPECT_EQ(d.message.rfind("edited.textproto:" + std::to_string(d.line) + ": " + d.field, 0), 0u)
      << d.message;
  EXPECT_FALSE(d.what.empty());
}

TEST(ScenarioCheckTest, ASyntaxErrorCarriesTheParsersColumn) {
  const ScenarioDiagnostic d =
      checkScenarioText("name: \"x\"\ntraffic {\n  duraton: \"7d\"\n}\n", "typo.textproto", kBase);
  ASSERT_FALSE(d.ok);
  EXPECT_EQ(d.line, 3);
  EXPECT_EQ(d.column, 3);
  EXPECT_EQ(d.field, "traffic.duraton");
  EXPECT_NE(d.what.find("did you mean \"duration\"?"), std::string::npos) << d.what;
}

TEST(ScenarioCheckTest, ProblemsWithoutALineAreStillReported) {
  const ScenarioDiagnostic d = checkScenarioText("", "empty.textproto", kBase);
  ASSERT_FALSE(d.ok);
  EXPECT_NE(d.what.find("no setup"), std::string::npos) << d.message;
}

TEST(ScenarioCheckTest, MessagesAboutOtherFilesKeepTheirOwnPlace) {
  const ScenarioDiagnostic d =
      placeLoaderMessage("counts.csv:12: count: not a number", "s.textproto", "");
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.line, 0);
  EXPECT_EQ(d.what, "counts.csv:12: count: not a number");
}

}  // namespace
}  // namespace shadowscale::studio
