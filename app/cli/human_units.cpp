#include "app/cli/human_units.h"

#include <cstdio>

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
  const long long s = static_cast<long long>(d / kSecond);
  char buf[64];
  if (s >= 86400) {
    std::snprintf(buf, sizeof buf, "%lld d %02lld:%02lld:%02lld", s / 86400, s % 86400 / 3600,
                  s % 3600 / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", s / 3600, s % 3600 / 60, s % 60);
  }
  return buf;
}

}  // namespace shadowscale
