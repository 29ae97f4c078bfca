#pragma once
// Reading the `console` blocks of a docs page and comparing a command's output with the page.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace shadowscale {

// One `$ ` command of a page and the output the page shows for it.
struct ConsoleCommand {
  int line = 0;                       // 1-based line of the `$ ` in the page
  std::string command;                // with its continuation lines (after a `\`)
  std::vector<std::string> expected;  // the lines after it
};

inline std::string readText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> splitLines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string line(text.substr(start, end - start));
    line.erase(line.find_last_not_of(" \t\r") + 1);  // editors strip trailing blanks
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

// The commands of every fenced block tagged `console` in a page, in page order.
inline std::vector<ConsoleCommand> consoleCommands(const std::string& page) {
  std::vector<ConsoleCommand> commands;
  const std::vector<std::string> lines = splitLines(page);
  bool in_console = false;
  bool in_other = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.rfind("```", 0) == 0) {
      if (in_console || in_other) {
        in_console = in_other = false;
      } else {
        in_console = l == "```console";
        in_other = !in_console;
      }
      continue;
    }
    if (!in_console) {
      continue;
    }
    if (l.rfind("$ ", 0) == 0) {
      ConsoleCommand c;
      c.line = static_cast<int>(i) + 1;
      c.command = l.substr(2);
      while (!c.command.empty() && c.command.back() == '\\' && i + 1 < lines.size()) {
        c.command += "\n" + lines[++i];  // the shell reads the backslash-newline as a space
      }
      commands.push_back(c);
    } else if (!commands.empty()) {
      commands.back().expected.push_back(l);
    }
  }
  return commands;
}

// Whether one output line matches one expected line, `[..]` matching any text.
inline bool lineMatches(std::string_view expected, std::string_view actual) {
  const std::string_view kAny = "[..]";
  const std::size_t first = expected.find(kAny);
  if (first == std::string_view::npos) {
    return expected == actual;
  }
  if (actual.substr(0, first) != expected.substr(0, first)) {
    return false;
  }
  std::size_t at = first;
  std::string_view rest = expected.substr(first + kAny.size());
  while (true) {
    const std::size_t next = rest.find(kAny);
    if (next == std::string_view::npos) {
      return actual.size() >= at + rest.size() &&
             actual.substr(actual.size() - rest.size()) == rest;
    }
    const std::size_t found = actual.find(rest.substr(0, next), at);
    if (found == std::string_view::npos) {
      return false;
    }
    at = found + next;
    rest = rest.substr(next + kAny.size());
  }
}

// Empty when `output` matches `expected` (a line `...` matching any number of lines), else what
// differs: the first expected line that no output line answers.
inline std::string compareOutput(const std::vector<std::string>& expected,
                                 const std::string& output) {
  std::vector<std::string> actual = splitLines(output);
  std::vector<std::string> want = expected;
  while (!want.empty() && want.back().empty()) {
    want.pop_back();
  }
  while (!actual.empty() && actual.back().empty()) {
    actual.pop_back();
  }
  // reach[j]: the first i expected lines can match the first j output lines.
  std::vector<char> reach(actual.size() + 1, 0);
  reach[0] = 1;
  std::size_t matched = 0;  // expected lines matched by some prefix, for the message
  for (std::size_t i = 0; i < want.size(); ++i) {
    std::vector<char> next(actual.size() + 1, 0);
    bool any = false;
    for (std::size_t j = 0; j <= actual.size(); ++j) {
      if (!reach[j]) {
        continue;
      }
      if (want[i] == "...") {
        std::fill(next.begin() + static_cast<std::ptrdiff_t>(j), next.end(), 1);
        any = true;
        break;
      }
      if (j < actual.size() && lineMatches(want[i], actual[j])) {
        next[j + 1] = 1;
        any = true;
      }
    }
    if (!any) {
      return "expected line " + std::to_string(i + 1) + " of the output, '" + want[i] +
             "', does not match what the command printed";
    }
    reach.swap(next);
    matched = i + 1;
  }
  if (!reach[actual.size()]) {
    return "the command printed more lines than the page shows (after expected line " +
           std::to_string(matched) + ")";
  }
  return std::string();
}

}  // namespace shadowscale
