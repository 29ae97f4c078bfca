#include "core/text.h"

#include <cmath>
#include <cstdio>

namespace shadowscale {

namespace {

// "56670124" as "56,670,124": separators in the digits before the point.
std::string groupThousands(const std::string& fixed) {
  const std::size_t sign = fixed[0] == '-' ? 1 : 0;
  const std::size_t point = std::min(fixed.find('.'), fixed.size());
  std::string out = fixed.substr(0, sign);
  for (std::size_t i = sign; i < point; ++i) {
    out.push_back(fixed[i]);
    const std::size_t left = point - i - 1;
    if (left > 0 && left % 3 == 0) {
      out.push_back(',');
    }
  }
  return out + fixed.substr(point);
}

}  // namespace

std::string formatNumber(const char* format, double v, std::string_view non_finite) {
  if (!std::isfinite(v)) {
    return std::string(non_finite);
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string formatReadable(double v) {
  if (!std::isfinite(v)) {
    return "-";
  }
  const double a = std::fabs(v);
  int decimals = 0;
  if (a == 0 || a >= 10000 || v == std::floor(v)) {
    decimals = 0;
  } else if (a >= 100) {
    decimals = 1;
  } else if (a >= 1) {
    decimals = 2;
  } else {
    // Three significant digits: 0.0456 has its first one at the second decimal.
    decimals = std::min(2 - static_cast<int>(std::floor(std::log10(a))), 15);
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string text = buf;
  if (text == "-0") {
    text = "0";
  }
  return a >= 10000 ? groupThousands(text) : text;
}

}  // namespace shadowscale
