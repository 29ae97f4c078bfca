#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/policies/hpa_config.h"
#include "scenarios/scenario.h"
#include "tune/demand_series.h"
#include "tune/fluid_run.h"
#include "tune/search_space.h"

namespace shadowscale {

// Which slice of the candidates a process screens: those whose index modulo `count` is `index`.
struct Shard {
  int index = 0;
  int count = 1;
};

// Everything that decides a search's result. Two runs with equal options on the same scenario
// file give byte-identical outputs, however they are sharded or threaded.
struct TuneOptions {
  int candidates = 200;          // screened by the fluid model
  int confirm = 12;              // of those, confirmed by the simulator
  std::uint64_t seed = 1;        // draws the candidates; the traffic runs on the scenario's seed
  double train_share = 0.7;      // of the judged time (after the warm-up) that the search sees
  double budget = 1.10;          // the chosen setup's instance-hours, at most this x the baseline's
  std::string baseline = "hpa";  // the scenario's setup the search is measured against
  SearchSpace space;
  TimeNs fluid_step = 5 * kSecond;
};

// How a run is carried out, without effect on its results.
struct TuneExecution {
  unsigned threads = 0;  // candidates evaluated at once; 0 = one per core
  // Called from the calling thread about five times a second: stage name, done, total.
  std::function<void(const std::string&, std::size_t, std::size_t)> on_progress;
};

// A scenario prepared for a search: its text (setups are added to it as candidates), its
// demand for the fluid model, the candidates, the baseline and the split of time.
struct TuneContext {
  std::string scenario_path;
  std::string scenario_text;
  std::uint64_t scenario_hash = 0;  // FNV-1a of the text, so shards and merge agree on the file
  Scenario scenario;
  SetupSpec baseline;      // the scenario's own setup named by TuneOptions::baseline
  HpaConfig baseline_hpa;  // its HPA: the base of every HPA a candidate writes
  std::vector<Candidate> candidates;
  DemandSeries demand;
  JudgedWindow train;  // [warm-up end, split): what the search sees
  JudgedWindow test;   // [split, end): the out-of-sample check
  // The training window in kTrainParts consecutive parts of (about) equal length, on whole
  // intervals: how a setup's cost and violations moved while traffic changed.
  static constexpr int kTrainParts = 4;
  std::vector<JudgedWindow> train_parts;

  // The setup a snippet describes, built by the scenario loader from the scenario's text with
  // the snippet appended (so the snippet a user gets is exactly what was evaluated).
  SetupSpec setupFor(const std::string& snippet) const;
  // The setup name a candidate's snippet carries.
  static std::string setupName(const Candidate& c) { return "tuned-" + c.id(); }
  std::string snippet(const Candidate& c) const {
    return setupSnippet(c, setupName(c), baseline_hpa);
  }
};

// Loads the scenario, reads its demand and draws the candidates. Throws InputError for a bad
// scenario, a missing baseline setup, or too little traffic after the warm-up to split.
TuneContext prepareTune(const std::string& scenario_path, const TuneOptions& options);

// What the fluid model measured of one candidate on the training window.
struct Screened {
  int index = 0;
  bool valid = true;
  std::string error;  // why the candidate could not run (the loader's message)
  WindowMetrics train;
};

// Screens the candidates of `shard` with the fluid model, in candidate order.
std::vector<Screened> screen(const TuneContext& ctx, const Shard& shard, const TuneExecution& exec);

// One setup both fidelities ran: a candidate, or the baseline (index -1).
struct Confirmed {
  int index = -1;
  std::string name;
  WindowMetrics fluid_train, fluid_test;
  WindowMetrics sim_train, sim_test;
  std::vector<WindowMetrics> sim_train_parts;  // the simulator on TuneContext::train_parts
  bool on_front = false;                       // on the simulator's front of the training window
  bool chosen = false;
};

// How well the fluid model ranks and measures what the simulator confirms.
struct Agreement {
  double rank_cost = 0;  // Spearman, fluid against simulator, training window
  double rank_violations = 0;
  double cost_error = 0;            // mean |fluid - sim| / sim of instance-hours
  double violation_error = 0;       // mean |fluid - sim| of violation minutes
  double test_rank_violations = 0;  // the same on the test window
};

// The outcome of a search.
struct TuneResult {
  std::vector<Screened> screened;  // every candidate, in order
  Confirmed baseline;
  std::vector<Confirmed> confirmed;  // in candidate order
  Agreement agreement;
  int chosen = -1;            // position in `confirmed`, -1 when none fits the budget
  std::string choice_reason;  // why that one (or why none), in a sentence
  bool target_met = false;
};

// Confirms the best of the screened candidates with the simulator, finds the front and the
// chosen setup on the training window and measures them on the test window.
TuneResult confirmFront(const TuneContext& ctx, const TuneOptions& options,
                        std::vector<Screened> screened, const TuneExecution& exec);

// Runs `task(i)` for i in [0, n) on `threads` threads (0 = one per core); the first exception
// thrown is rethrown after every thread stopped. Progress goes to `on_progress` under `stage`.
void parallelFor(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& task,
                 const TuneExecution& exec, const std::string& stage);

}  // namespace shadowscale
