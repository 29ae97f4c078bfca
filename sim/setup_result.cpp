#include "sim/setup_result.h"

#include <limits>

namespace shadowscale {

double SetupResult::metric(const std::string& key) const {
  for (const auto& [k, v] : metrics) {
    if (k == key) {
      return v;
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
}

void SetupResult::set(const std::string& key, double value) {
  for (auto& [k, v] : metrics) {
    if (k == key) {
      v = value;
      return;
    }
  }
  metrics.emplace_back(key, value);
}

}  // namespace shadowscale
