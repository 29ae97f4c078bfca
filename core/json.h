#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace shadowscale {

// The project's JSON value: nlohmann-json with keys kept in the order they were set, so written
// files (summary.json, backtest reports, export sidecars) list their keys as documented.
using Json = nlohmann::ordered_json;

// A number for JSON output: null when it is not finite (JSON has no NaN), an integer when it is
// whole (250 is written "250", not "250.0"), else the shortest text that reads back the same.
inline Json jsonNumber(double v) {
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
  if (!std::isfinite(v)) {
    return nullptr;
  }
  if (v == std::floor(v) && std::fabs(v) < kExactIntegers) {
    return static_cast<std::int64_t>(v);
  }
  return v;
}

// `j` as the text of a file: indented by two spaces, ending in a newline. Bytes that are not
// UTF-8 (a route name from a log, say) are written as U+FFFD rather than failing the write.
inline std::string jsonText(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace shadowscale
