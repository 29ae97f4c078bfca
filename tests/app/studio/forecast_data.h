#pragma once

#include <cmath>
#include <cstdio>
#include <string>

#include "core/time.h"

namespace shadowscale::studio {

// A count CSV of `days` days from Monday 2024-03-04 00:00 UTC, one row per `step`: a daily cycle
// peaking at 14:00, quieter weekends and deterministic noise (a fixed linear congruential
// sequence), enough structure for every forecaster to learn something and none to know it all.
inline std::string dailyCountsCsv(int days, TimeNs step) {
  std::string csv = "time,count\n";
  const long long start = 1709510400;  // 2024-03-04T00:00:00Z
  const long long rows = days * kDay / step;
  unsigned long long state = 20240304;
  for (long long i = 0; i < rows; ++i) {
    const double hours = static_cast<double>(i * step) / static_cast<double>(kHour);
    const bool weekend = static_cast<long long>(hours / 24) % 7 >= 5;
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double noise = static_cast<double>(state >> 11) / 9007199254740992.0 - 0.5;  // +-0.5
    const double count = std::round((100 + 60 * std::sin(2 * M_PI * (hours - 8) / 24)) *
                                    (weekend ? 0.7 : 1.0) * (1 + 0.3 * noise));
    char line[64];
    std::snprintf(line, sizeof line, "%lld,%.0f\n", start + i * step / kSecond, count);
    csv += line;
  }
  return csv;
}

}  // namespace shadowscale::studio
