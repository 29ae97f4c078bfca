#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace shadowscale {

// What one setup's run measured: named summary metrics (the names thresholds use, see
// docs/metrics.md) in report order, plus notes worth showing the user.
struct SetupResult {
  std::string name;
  std::vector<std::pair<std::string, double>> metrics;
  std::vector<std::string> notes;
  std::uint64_t simulated_requests = 0;  // primaries and mirror copies
  // Stretches where the traffic had no data, as Unix ns [start, end): the same for every setup
  // of a run, so the run reports them once (RunReport::notes).
  std::vector<std::pair<std::int64_t, std::int64_t>> traffic_gaps;

  // The metric called `key`, or NaN.
  double metric(const std::string& key) const;
  void set(const std::string& key, double value);
};

}  // namespace shadowscale
