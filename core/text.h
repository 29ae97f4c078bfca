#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace shadowscale {

// Whether `c` is ASCII white space (space, tab, CR, LF, vertical tab, form feed).
constexpr bool isBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// `s` without leading and trailing white space: the one trim of the project, what the readers
// (count series, interval tables, GoReplay headers, scenario values) strip around a field.
inline std::string_view trimBlanks(std::string_view s) {
  while (!s.empty() && isBlank(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && isBlank(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

// `s` cut to at most about `max` bytes for a display line: a long name keeps its head and tail
// around "...", and says how long it was ("GET /a/b...x/y (8192 bytes)").
inline std::string shortenForDisplay(std::string_view s, std::size_t max = 80) {
  if (s.size() <= max) {
    return std::string(s);
  }
  const std::size_t tail = max / 4;
  const std::size_t head = max - tail;
  std::string out(s.substr(0, head));
  out += "...";
  out += s.substr(s.size() - tail);
  out += " (" + std::to_string(s.size()) + " bytes)";
  return out;
}

// A number for tables people read, in one format for every row: whole numbers as they are,
// with thousands separators from 10,000 on ("1033", "56,670,124"); others to two decimals
// from 1 ("46.27"), one from 100 ("340.5"), none from 10,000, and three significant digits
// below 1 ("0.0456", "0.000123"); never in exponent notation. NaN and infinities are "-".
std::string formatReadable(double v);

// One number in a printf format of one double conversion ("%.3f"), or `non_finite` for NaN and
// infinities.
std::string formatNumber(const char* format, double v, std::string_view non_finite = "n/a");

}  // namespace shadowscale
