#include "app/cli/human_units.h"

#include <cstdio>

#include "core/time_text.h"

namespace shadowscale {

std::string humanBytes(double bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  int u = 0;
  while (bytes >= 1000 && u < 4) {
    bytes /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return buf;
}

std::string humanDuration(TimeNs d) {
  return formatDuration(d - d % kSecond);
}

}  // namespace shadowscale
