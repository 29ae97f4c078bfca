#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "scenarios/scenario.h"
#include "sim/engine.h"

namespace shadowscale {

// summary.json: the scenario, seed, build version, every setup's metrics and notes, and each
// threshold check. Deterministic: no wall-clock figures.
std::string summaryJson(const Scenario& scenario, const RunReport& report);

// junit.xml: one test case per setup run and per threshold check, for CI systems.
std::string junitXml(const Scenario& scenario, const RunReport& report);

// The side-by-side table printed after a run: one column per setup.
std::string sideBySideTable(const RunReport& report);

// The threshold checks as lines a person reads ("FAIL p99_ms < 300 for hpa: 412.5").
std::string thresholdLines(const RunReport& report);

// One note per stretch of traffic without data (Unix ns [start, end)), with its times and length.
std::vector<std::string> trafficGapNotes(
    const std::vector<std::pair<std::int64_t, std::int64_t>>& gaps);

// The notes printed after a run, one "note: ..." line each: the run's own notes (the traffic's
// gaps) once, the first `listed` of them in full and the rest counted, then each setup's.
std::string noteLines(const RunReport& report, std::size_t listed = 5);

// A threshold as written: "p99_ms < 300".
std::string describeThreshold(const ThresholdSpec& t);

}  // namespace shadowscale
