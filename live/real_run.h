#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "scenarios/scenario.h"
#include "sim/engine.h"
#include "sim/setup_result.h"

namespace shadowscale {

// How to run a scenario whose pools are real.
struct RealRunOptions {
  std::string out_dir;                // summary.json, intervals.csv, junit.xml, report.html
  std::optional<std::uint64_t> seed;  // overrides the scenario's
  double speed = 1.0;                 // traffic and the policies' clock run this many times faster
  bool quiet = false;                 // no progress lines on stderr
};

// Runs one setup of a real scenario: starts the live proxy (live/proxy_server.h) with the
// scenario's pools and the setup's routing and policies, sends the scenario's traffic through it
// with the open-model client (latency from each request's intended send time), and writes one
// intervals.csv row per scenario interval to `rows` (may be null). Figures are in scenario time:
// rates per scenario second, instance-hours and cost over scenario time.
SetupResult runRealSetup(const Scenario& scenario, const SetupSpec& setup, double speed,
                         std::ostream* rows);

// Runs every setup of a scenario whose pools are real, one after another (they share the
// machine and the pools' processes), checks the thresholds and writes the same output files as
// a simulated run, with the same writers. Throws InputError for bad input and
// std::runtime_error when the proxy or the pools fail.
RunReport runRealScenario(const Scenario& scenario, const RealRunOptions& options);

}  // namespace shadowscale
