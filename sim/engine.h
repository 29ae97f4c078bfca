#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/scenario.h"
#include "sim/setup_result.h"

namespace shadowscale {

// How to run a scenario.
struct RunOptions {
  std::string out_dir;  // where summary.json, intervals.csv, junit.xml go; empty = none
  std::optional<std::uint64_t> seed;  // overrides the scenario's seed
  unsigned threads = 0;               // setups run at once; 0 = one per core
  // Called from the calling thread about five times a second with each setup's progress (0..1).
  std::function<void(const std::vector<double>&)> on_progress;
  // Called from the setups' worker threads with each interval row as it closes (the setup's
  // index and the CSV line of intervals.csv, without the newline), so a front end can draw the
  // run as it unfolds. Calls for different setups may come at once: it must be thread-safe.
  std::function<void(std::size_t setup, std::string_view row)> on_row;
  // Called from a setup's worker thread when it has finished, with its result: thresholds on
  // that setup can be judged before the others end. Must be thread-safe.
  std::function<void(std::size_t setup, const SetupResult& result)> on_setup_done;
  // Once true (set from any thread), the setups stop at their next interval and runScenario
  // throws RunCancelled, having removed the files it had started.
  const std::atomic<bool>* cancel = nullptr;
};

// Thrown by runScenario when RunOptions::cancel was set.
class RunCancelled : public std::runtime_error {
 public:
  RunCancelled() : std::runtime_error("the run was cancelled") {}
};

// One threshold checked against one setup.
struct ThresholdCheck {
  ThresholdSpec spec;
  std::string setup;
  double actual = 0;
  bool passed = true;
};

// The result of running every setup of a scenario on the same traffic.
struct RunReport {
  std::string scenario;
  std::uint64_t seed = 0;
  std::vector<SetupResult> setups;
  std::vector<ThresholdCheck> checks;
  // Notes about the run as a whole, such as the traffic's gaps (every setup sees the same).
  std::vector<std::string> notes;
  double wall_seconds = 0;  // shown to the user only; never written to output files

  bool thresholdsCrossed() const;
};

// Runs every setup of `scenario` (in parallel, each on its own copy of the same traffic), checks
// the thresholds and writes the output files. Throws InputError for bad input (e.g. a trace that
// cannot be read) and std::runtime_error for output failures.
RunReport runScenario(const Scenario& scenario, const RunOptions& options);

// Checks every threshold of the scenario against the setups' results.
std::vector<ThresholdCheck> checkThresholds(const Scenario& scenario,
                                            const std::vector<SetupResult>& setups);

}  // namespace shadowscale
