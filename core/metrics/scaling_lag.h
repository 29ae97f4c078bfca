#pragma once

#include <cstdint>
#include <vector>

#include "core/metrics/latency_histogram.h"
#include "core/time.h"

namespace shadowscale {

// Distribution of scaling lags over a run (signed: negative = capacity was there early).
struct LagSummary {
  std::uint64_t count = 0;
  std::uint64_t unresolved = 0;  // supply never reached the level while demand stayed there
  double mean = 0;               // ns
  TimeNs min = 0, p50 = 0, p90 = 0, p99 = 0, max = 0;
};

// Scaling lag per capacity level. For each level k = 1..max_level: when demand d (fewest
// instances that meet the SLO) rises to >= k after having been < k, the lag is the time supply s
// (ready instances) reached >= k minus the time demand did. Positive: supply came later.
// Negative: supply was already at >= k, the lag being minus how long it had been there, capped
// at `early_cap`. A level whose supply has not caught up when demand falls back below k, or when
// the run ends, is recorded at the time elapsed so far and counted as unresolved.
//
// Fed once per control tick; only levels that d or s crossed since the previous tick are
// visited. Memory is fixed at construction: three words per level plus two histograms.
class ScalingLagTracker {
 public:
  // Throws std::invalid_argument unless max_level >= 1 and early_cap >= 0.
  explicit ScalingLagTracker(int max_level, TimeNs early_cap = kHour);

  // One control tick: demand and supply in instances at `now`. The first tick sets the starting
  // state: levels already met then record nothing, levels demanded but not supplied start
  // waiting at that tick. Throws std::invalid_argument if time goes backwards or a count is
  // negative.
  void observe(TimeNs now, int demand, int supply);
  // Ends the run at `end`: levels still waiting for supply are recorded as unresolved. Call once.
  void finish(TimeNs end);

  // Lags recorded so far (unresolved ones included).
  std::uint64_t count() const { return early_.count() + zero_ + late_.count(); }
  std::uint64_t unresolved() const { return unresolved_; }
  // Mean lag in ns (0 when none).
  double mean() const;
  // Nearest-rank quantile q in [0, 1] of the signed lags (within 0.4%); 0 when none.
  TimeNs percentile(double q) const;
  // Smallest and largest lag, exact (0 when none).
  TimeNs min() const;
  TimeNs max() const;
  // Count, mean, p50, p90, p99, min, max and unresolved count together.
  LagSummary summary() const;

  // The largest level the constructor was given.
  int maxLevel() const { return static_cast<int>(levels_.size()); }

 private:
  static constexpr TimeNs kUnset = INT64_MIN;

  // State of one capacity level.
  struct Level {
    bool demanded = false;     // d >= k at the last tick
    TimeNs supplied = kUnset;  // since when s >= k (kUnset while s < k)
    TimeNs waiting = kUnset;   // since when demand waits for supply (kUnset when not)
  };

  void updateLevel(int k, TimeNs now, int demand, int supply);
  void updateRange(int a, int b, TimeNs now, int demand, int supply);
  void recordLag(TimeNs lag, bool unresolved);

  std::vector<Level> levels_;  // index k - 1
  TimeNs early_cap_;
  bool started_ = false;
  TimeNs last_ = 0;
  int last_demand_ = 0;
  int last_supply_ = 0;
  LatencyHistogram early_;  // magnitudes of negative lags
  LatencyHistogram late_;   // positive lags
  std::uint64_t zero_ = 0;
  std::uint64_t unresolved_ = 0;
  double sum_ = 0;
};

}  // namespace shadowscale
