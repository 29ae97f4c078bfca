#include "app/studio/models/scenario_check.h"

#include <cctype>
#include <exception>
#include <regex>

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

bool identifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// 1-based column where `name` is written as a whole word on `line`, or 0.
int columnOfName(const std::string& line, const std::string& name) {
  for (std::size_t pos = line.find(name); pos != std::string::npos;
       pos = line.find(name, pos + 1)) {
    const bool starts = pos == 0 || !identifierChar(line[pos - 1]);
    const bool ends = pos + name.size() == line.size() || !identifierChar(line[pos + name.size()]);
    const std::size_t comment = line.find('#');
    if (starts && ends && (comment == std::string::npos || pos < comment)) {
      return static_cast<int>(pos) + 1;
    }
  }
  return 0;
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
    d.line = std::stoi(rest.substr(0, digits));
    rest = rest.substr(digits + 2);
  } else if (rest.rfind(" ", 0) == 0) {
    rest = rest.substr(1);
  }
  static const std::regex kField(R"re(^([A-Za-z_]\w*(\[\d+\])?(\.[A-Za-z_]\w*(\[\d+\])?)*): )re");
  std::smatch match;
  if (std::regex_search(rest, match, kField)) {
    d.field = match[1].str();
    rest = match.suffix().str();
  }
  d.what = rest;
  if (d.line > 0 && !d.field.empty()) {
    std::string leaf = d.field.substr(d.field.rfind('.') + 1);
    leaf = leaf.substr(0, leaf.find('['));
    d.column = columnOfName(lineOf(text, d.line), leaf);
  }
  // A syntax error names the column where the parser stopped: the place when no name is.
  static const std::regex kColumn(R"re( \(column (\d+)\)$)re");
  if (d.column == 0 && std::regex_search(rest, match, kColumn)) {
    d.column = std::stoi(match[1].str());
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
