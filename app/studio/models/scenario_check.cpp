#include "app/studio/models/scenario_check.h"

#include <cctype>
#include <charconv>
#include <exception>
#include <string_view>

#include "core/input_error.h"
#include "scenarios/scenario_loader.h"

namespace shadowscale::studio {

namespace {

// Line `line` (1-based) of `text`, without its newline; empty past the end.
std::string lineOf(const std::string& text, int line) {
  std::size_t begin = 0;
  for (int i = 1; i < line; ++i) {
    begin = text.find('\n', begin);
    if (begin == std::string::npos) {
      return {};
    }
    ++begin;
  }
  const std::size_t end = text.find('\n', begin);
  return text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

// Whether `c` may start a name in a scenario (an ASCII letter or '_').
bool asciiLetter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

// Whether `c` may continue a name (a letter, a digit or '_').
bool asciiWordChar(char c) {
  return asciiLetter(c) || (c >= '0' && c <= '9');
}

// 1-based column where `name` is written as a whole word on `line`, or 0.
int columnOfName(const std::string& line, const std::string& name) {
  for (std::size_t pos = line.find(name); pos != std::string::npos;
       pos = line.find(name, pos + 1)) {
    const bool starts = pos == 0 || !asciiWordChar(line[pos - 1]);
    const bool ends = pos + name.size() == line.size() || !asciiWordChar(line[pos + name.size()]);
    const std::size_t comment = line.find('#');
    if (starts && ends && (comment == std::string::npos || pos < comment)) {
      return static_cast<int>(pos) + 1;
    }
  }
  return 0;
}

// The number written in `digits` (ASCII digits only), or 0 when it is empty, holds anything else
// or does not fit an int: no place is better than a wrong one or an exception in the editor.
int smallNumber(std::string_view digits) {
  int value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) {
    return 0;
  }
  return value;
}

// Length of the field path ("setup[1].policy[0].hpa.max_replicas": names of letters, digits and
// '_' not starting with a digit, each with an optional [N], joined by '.') that `rest` starts
// with when ": " follows it; 0 when it does not start that way. A plain scan, not std::regex:
// the path is the name the user wrote, possibly tens of kilobytes long, and libstdc++'s regex
// recurses once per character (a 40 KB name overflowed the stack and crashed the studio).
std::size_t fieldPathLength(std::string_view rest) {
  std::size_t pos = 0;
  while (true) {
    if (pos >= rest.size() || !asciiLetter(rest[pos])) {
      return 0;
    }
    while (pos < rest.size() && asciiWordChar(rest[pos])) {
      ++pos;
    }
    if (pos < rest.size() && rest[pos] == '[') {
      std::size_t close = pos + 1;
      while (close < rest.size() && rest[close] >= '0' && rest[close] <= '9') {
        ++close;
      }
      if (close == pos + 1 || close >= rest.size() || rest[close] != ']') {
        return 0;
      }
      pos = close + 1;
    }
    if (pos >= rest.size() || rest[pos] != '.') {
      break;
    }
    ++pos;
  }
  return rest.substr(pos, 2) == ": " ? pos : 0;
}

// The N of a final " (column N)", which the loader adds to syntax errors; 0 when there is none.
int trailingColumn(std::string_view rest) {
  constexpr std::string_view kLead = " (column ";
  const std::size_t at = rest.rfind(kLead);
  if (at == std::string_view::npos || !rest.ends_with(')')) {
    return 0;
  }
  const std::size_t begin = at + kLead.size();
  return smallNumber(rest.substr(begin, rest.size() - 1 - begin));
}

}  // namespace

ScenarioDiagnostic placeLoaderMessage(const std::string& message, const std::string& name,
                                      const std::string& text) {
  ScenarioDiagnostic d;
  d.ok = false;
  d.message = message;
  d.what = message;
  if (message.rfind(name + ":", 0) != 0) {
    return d;  // about another file (a trace the scenario names): no place in this text
  }
  std::string rest = message.substr(name.size() + 1);
  std::size_t digits = 0;
  while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) {
    ++digits;
  }
  if (digits > 0 && rest.compare(digits, 2, ": ") == 0) {
    d.line = smallNumber(std::string_view(rest).substr(0, digits));
    rest = rest.substr(digits + 2);
  } else if (rest.rfind(" ", 0) == 0) {
    rest = rest.substr(1);
  }
  if (const std::size_t length = fieldPathLength(rest); length > 0) {
    d.field = rest.substr(0, length);
    rest = rest.substr(length + 2);
  }
  d.what = rest;
  if (d.line > 0 && !d.field.empty()) {
    std::string leaf = d.field.substr(d.field.rfind('.') + 1);
    leaf = leaf.substr(0, leaf.find('['));
    d.column = columnOfName(lineOf(text, d.line), leaf);
  }
  // A syntax error names the column where the parser stopped: the place when no name is.
  if (d.column == 0) {
    d.column = trailingColumn(rest);
  }
  return d;
}

ScenarioDiagnostic checkScenarioText(const std::string& text, const std::string& name,
                                     const std::string& base_dir) {
  try {
    parseScenarioText(text, name, base_dir);
  } catch (const InputError& e) {
    return placeLoaderMessage(e.what(), name, text);
  } catch (const std::exception& e) {
    // A trace or model the scenario names failed to load in another way.
    return placeLoaderMessage(name + ": " + e.what(), name, text);
  }
  return {};
}

}  // namespace shadowscale::studio
