// The reader of docs' console blocks and its output matcher, which keep docs/ true.
#include "tests/docs/console_blocks.h"

#include <gtest/gtest.h>

namespace shadowscale {
namespace {

TEST(ConsoleBlocks, CommandsAndTheirOutputComeFromConsoleBlocksOnly) {
  const std::string page =
      "text\n"
      "```sh\n$ not-run\n```\n"
      "```console\n"
      "$ shadowscale version\n"
      "shadowscale [..]\n"
      "$ shadowscale import a \\\n"
      "    -o b\n"
      "```\n";
  const auto commands = consoleCommands(page);
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0].line, 6);
  EXPECT_EQ(commands[0].command, "shadowscale version");
  EXPECT_EQ(commands[0].expected, std::vector<std::string>{"shadowscale [..]"});
  EXPECT_EQ(commands[1].command, "shadowscale import a \\\n    -o b");
  EXPECT_TRUE(commands[1].expected.empty());
}

TEST(ConsoleBlocks, AnyTextMatchesOnlyWhereThePageMasksIt) {
  EXPECT_TRUE(lineMatches("simulated in [..] s", "simulated in 12.5 s"));
  EXPECT_TRUE(lineMatches("[..] of [..]", "3 of 4"));
  EXPECT_TRUE(lineMatches("a[..]", "a"));
  EXPECT_FALSE(lineMatches("simulated in [..] s", "simulated in 12.5 ms!"));
  EXPECT_FALSE(lineMatches("exact", "exact "));
  EXPECT_FALSE(lineMatches("[..]b[..]c", "cb"));
}

TEST(ConsoleBlocks, DotsMatchAnyNumberOfLinesAndEverythingElseMustMatch) {
  EXPECT_EQ(compareOutput({"a", "...", "z"}, "a\nb\nc\nz\n"), "");
  EXPECT_EQ(compareOutput({"a", "...", "z"}, "a\nz\n"), "");
  EXPECT_EQ(compareOutput({"a", "..."}, "a\n"), "");
  EXPECT_NE(compareOutput({"a", "z"}, "a\nb\nz\n"), "");
  EXPECT_NE(compareOutput({"a"}, "a\nb\n"), "");
  EXPECT_NE(compareOutput({"a", "b"}, "a\n"), "");
  const std::string why = compareOutput({"a", "x"}, "a\nb\n");
  EXPECT_NE(why.find("expected line 2"), std::string::npos) << why;
  EXPECT_EQ(compareOutput({}, ""), "");
  EXPECT_NE(compareOutput({}, "unexpected\n"), "");
}

}  // namespace
}  // namespace shadowscale
