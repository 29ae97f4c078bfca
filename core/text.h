#pragma once

#include <string_view>

namespace shadowscale {

// `s` without leading blanks (spaces, tabs) and trailing blanks or a carriage return: what the
// line-based readers (count series, interval tables, GoReplay headers) strip around a field.
inline std::string_view trimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace shadowscale
