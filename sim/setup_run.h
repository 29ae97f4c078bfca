#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "core/metrics/slo_tracker.h"
#include "scenarios/scenario.h"
#include "sim/setup_result.h"

namespace shadowscale {

// Runs one setup of a scenario through the simulator: the scenario's traffic through the proxy
// core into simulated pools, policies on their control periods, metrics as intervals close.
// Per-interval rows go to `rows` as each interval closes (CSV, no header), so memory stays flat.
class SetupRun {
 public:
  SetupRun(const Scenario& scenario, const SetupSpec& setup);
  ~SetupRun();

  // Streams interval rows to `rows` (may be null).
  void setRowSink(std::ostream* rows) { rows_ = rows; }
  // Published as the run advances: share of the traffic's duration simulated, 0..1.
  void setProgress(std::atomic<double>* progress) { progress_ = progress; }
  // Checked as each interval closes: once true, run() throws RunCancelled (sim/engine.h).
  void setCancel(const std::atomic<bool>* cancel) { cancel_ = cancel; }
  // Called as each one-minute SLO slice closes, with the slice's end and its judgement (for
  // callers that judge parts of a run on their own, such as the tuner's windows).
  void setMinuteSink(std::function<void(TimeNs, const SloMinute&)> sink) {
    minute_sink_ = std::move(sink);
  }

  SetupResult run();

  // The CSV header matching the rows.
  static std::string csvHeader();

 private:
  struct State;
  // The steps of run(): start pools, policies and recurring events; feed the traffic through
  // the event loop; collect the summary metrics.
  void start(State& s);
  void simulate(State& s);
  SetupResult summarise(State& s) const;
  void summariseRequests(State& s, SetupResult& r) const;
  void summariseForecasts(State& s, SetupResult& r) const;
  // A note when a model loaded from a file met traffic of another scale; empty otherwise.
  std::string loadedModelNote(const State& s, const SetupResult& r) const;

  const Scenario& scenario_;
  const SetupSpec& setup_;
  std::ostream* rows_ = nullptr;
  std::atomic<double>* progress_ = nullptr;
  const std::atomic<bool>* cancel_ = nullptr;
  std::function<void(TimeNs, const SloMinute&)> minute_sink_;
};

}  // namespace shadowscale
