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

// The studio checks the text as it is typed, so a pasted scenario with a huge field name used to
// crash it (std::regex recursed once per character of the name and overflowed the stack).
TEST(ScenarioCheckTest, AFortyKilobyteFieldNameIsPlacedWithoutCrashing) {
  const std::string long_name = "traffic_" + std::string(40 * 1024, 'x');
  const ScenarioDiagnostic d =
      checkScenarioText("name: \"x\"\n  " + long_name + ": 1\n", "long.textproto", kBase);
  ASSERT_FALSE(d.ok);
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 3);
  EXPECT_EQ(d.field, long_name);
  EXPECT_EQ(d.message.rfind("long.textproto:2: " + long_name + ": ", 0), 0u);
  EXPECT_EQ(d.what.rfind("unknown field \"" + long_name + "\" in Scenario; its fields are: ", 0),
            0u)
      << d.what.substr(0, 200);
}

TEST(ScenarioCheckTest, TheFuzzedLongFieldNameScenarioGivesADiagnostic) {
  std::ifstream in(SHADOWSCALE_SOURCE_DIR "/fuzz/corpus/scenario_text/crash-long-field-name");
  const std::string text(std::istreambuf_iterator<char>(in), {});
  ASSERT_GT(text.size(), 30000u);
  const ScenarioDiagnostic d = checkScenarioText(text, "crash.textproto", kBase);
  ASSERT_FALSE(d.ok);
  EXPECT_EQ(d.line, 1);
  EXPECT_GT(d.field.size(), 30000u);
  EXPECT_EQ(text.rfind(d.field, 0), 0u) << "the field is the name the scenario starts with";
  EXPECT_EQ(d.column, 1);
  EXPECT_FALSE(d.what.empty());
}

TEST(ScenarioCheckTest, MessagesAreSplitOnlyAtAWholeFieldPath) {
  const std::string text = "a\nb\n";
  // A dotted path with indexes, then ": ", is the field.
  ScenarioDiagnostic d = placeLoaderMessage("s:2: setup[1].policy[0].hpa: too big", "s", text);
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.field, "setup[1].policy[0].hpa");
  EXPECT_EQ(d.what, "too big");
  // Anything else before the first ": " is part of the problem, not a field.
  for (const std::string what :
       {"1abc: x", "a[: x", "a[]: x", "a[1: x", "a.: x", "a..b: x", "a b: x", "a:b: x", "a.1: x"}) {
    d = placeLoaderMessage("s:1: " + what, "s", text);
    EXPECT_EQ(d.line, 1) << what;
    EXPECT_EQ(d.field, "") << what;
    EXPECT_EQ(d.what, what);
  }
  // The column a syntax error names is used only when it ends the message.
  d = placeLoaderMessage("s:2: Expected \":\" (column 7)", "s", text);
  EXPECT_EQ(d.column, 7);
  d = placeLoaderMessage("s:2: Expected \":\" (column 7) and more", "s", text);
  EXPECT_EQ(d.column, 0);
  d = placeLoaderMessage("s:2: Expected (column 99999999999999999999)", "s", text);
  EXPECT_EQ(d.column, 0);
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
