#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/forecaster.h"
#include "core/policies/capacity_estimator.h"
#include "core/policies/config_problem.h"
#include "core/policies/hpa.h"
#include "core/policies/model_keeper.h"
#include "core/policies/predictive_config.h"
#include "core/policy.h"
#include "core/time.h"

namespace shadowscale {

// Everything wrong with a predictive configuration on its own (the forecaster is checked when
// the policy is built), each naming its setting; empty when it is valid.
std::vector<ConfigProblem> checkPredictiveConfig(const PredictiveConfig& config);

// The lead time L: the instance start-up delay plus the scheduling buffer.
inline TimeNs leadTime(const PredictiveConfig& config) {
  return config.startup_delay + config.scheduling_buffer;
}

// Intervals ahead the forecaster must reach: everything up to now + L + period + scale-in
// window, from a "now" up to one interval after the last observed interval ends.
int requiredHorizon(const PredictiveConfig& config);

// The step, in intervals, at which refits are backtested: ceil(L / interval), at least 1.
int backtestHorizon(const PredictiveConfig& config);

// config.forecaster with the policy's interval and at least the horizon it needs: what to hand
// to makeForecaster (models/forecaster_factory.h).
ForecasterSpec forecasterSpecFor(const PredictiveConfig& config);

// What the policy decided at its last tick and why.
struct PredictiveStatus {
  TimeNs time = 0;
  int current = 0;               // the count the plan started from
  int planned = 0;               // from the forecast, before the HPA floor of hybrid mode
  std::optional<int> hpa;        // what the HPA asked for (hybrid mode)
  double capacity_rps = 0;       // per instance at the target utilization
  double live_capacity_rps = 0;  // the live pool's ready instances at the target utilization
  double scale_out_rps = 0;      // largest upper forecast until now + L + period
  double hold_rps = 0;           // largest upper forecast until the end of the scale-in window
  bool routing = false;          // the shadow pool is meant to take traffic
  std::string_view reason = "";  // "WarmingUp", "ScaleOut", "ScaleIn", "Hold", ...
};

// Predictive scaling of one pool: forecasts demand one lead time ahead, sizes the pool for the
// upper quantile at the measured per-instance capacity, asks early enough for the instances to
// be ready, shifts traffic to the shadow pool when the live pool will not carry the forecast,
// scales in only when the forecast stays low for a window, and refits its forecaster on what it
// observed (keeping the last good model). Modes: forecast and scale, forecast only (a dry run
// recorded in telemetry()), and hybrid (never below its own HPA).
class PredictivePolicy final : public ScalingPolicy {
 public:
  // Throws InputError if the configuration is invalid or does not fit the forecaster (its
  // interval, quantiles or horizon).
  PredictivePolicy(PredictiveConfig config, std::unique_ptr<Forecaster> forecaster);

  // ScalingPolicy
  std::string_view kind() const override;
  TimeNs period() const override { return config_.period; }
  Decision decide(const Observation& obs) override;
  const PolicyTelemetry* telemetry() const override { return &telemetry_; }
  // Says so when the policy never left its warm-up: it held the pool at its minimum (or left it
  // to its HPA) for the whole run.
  std::vector<std::string> notes() const override;

  const PredictiveConfig& config() const { return config_; }
  const PredictiveStatus& lastStatus() const { return status_; }
  const ModelKeeper& keeper() const { return keeper_; }
  const CapacityEstimator& capacity(PoolId pool) const { return capacity_[index(pool)]; }
  // Closed intervals held for refits: at most history_kept / interval.
  std::size_t historySize() const { return history_.size(); }
  // Why the forecaster is not fitted yet (empty once it is).
  const std::string& warmupNote() const { return warmup_note_; }
  TimeNs leadTime() const { return lead_; }

 private:
  // One forecast, converted to requests/s, kept for lookups by time.
  struct StoredForecast {
    TimeNs made_at = 0;
    TimeNs last_t = 0;  // start of the last interval it had seen
    std::vector<double> median;
    std::vector<double> upper;
  };

  void accumulate(const Observation& obs);
  // The calendar and announced events of the `horizon` intervals after the last closed one.
  std::vector<SeriesPoint> futureCalendar(int horizon) const;
  void closeInterval(TimeNs now);
  // Flags `p` missing when it extends a run of zero demand to zero_run_missing, and the earlier
  // intervals of that run in the history (the forecaster saw those as zeros already).
  void flagZeroRun(SeriesPoint& p);
  double maxUpper(TimeNs from, TimeNs to) const;
  std::optional<std::size_t> stepAt(const StoredForecast& f, TimeNs t) const;
  int need(double rps, double per_instance) const;
  void updateTelemetryForecast(TimeNs now);

  PredictiveConfig config_;
  TimeNs lead_;
  TimeNs interval_;
  double interval_s_;
  std::size_t upper_index_;
  std::size_t history_capacity_;
  std::size_t zero_run_ = 0;        // consecutive closed intervals with no demand
  std::size_t zero_run_intervals_;  // zero_run_missing in intervals (0 = off)
  std::size_t min_history_intervals_;
  bool pretrained_;
  ModelKeeper keeper_;
  CapacityEstimator capacity_[kPoolCount];
  std::optional<HpaPolicy> hpa_;

  // The interval being filled from the demand rates.
  bool started_ = false;
  TimeNs bucket_start_ = 0;
  double bucket_count_ = 0;
  TimeNs bucket_covered_ = 0;
  bool bucket_event_ = false;
  // Run time to local civil time, anchored at the first observation.
  bool calendar_set_ = false;
  Calendar calendar_;

  std::vector<TrafficEvent> events_;  // announced events, as the shell last reported them
  std::deque<SeriesPoint> history_;
  bool ready_ = false;
  TimeNs next_refit_ = 0;
  std::string warmup_note_;
  std::deque<StoredForecast> forecasts_;  // the latest and those still needed by telemetry

  bool have_would_ = false;
  int would_instances_ = 0;
  bool routing_ = false;
  PredictiveStatus status_;
  PolicyTelemetry telemetry_;
};

}  // namespace shadowscale
