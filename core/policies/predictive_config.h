#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/instance_model.h"
#include "core/policies/hpa_config.h"
#include "core/request.h"
#include "core/time.h"

namespace shadowscale {

// Which forecaster a predictive policy runs and how it is built; models/forecaster_factory.h
// turns it into a Forecaster. Plain data so a scenario parser can fill it.
struct ForecasterSpec {
  // "seasonal-naive-day" | "seasonal-naive-week" | "holt-winters" | "lstm" | "last-value" |
  // "auto" | "auto-lstm"
  std::string kind = "seasonal-naive-day";
  TimeNs interval = 5 * kMinute;                 // length of one forecast interval
  std::vector<double> quantiles{0.1, 0.5, 0.9};  // ascending, must contain 0.5
  int horizon = 12;                              // intervals ahead the model forecasts
  int lstm_epochs = 20;                          // upper bound; early stopping usually ends sooner
  std::uint64_t lstm_seed = 1;                   // lstm_epochs and lstm_seed: "lstm", "auto-lstm"
  // A model saved by `shadowscale train` (kind "lstm" only). A loaded model is used as it is
  // and only refitted by the feedback loop; empty = train during the run.
  std::string model_path;
};

// What the predictive policy does with its plan.
enum class PredictiveMode : std::uint8_t {
  kForecastAndScale,  // sizes the pool and routes traffic from the forecast
  kForecastOnly,      // decides nothing; records what it would have done (a dry run)
  kHybrid,            // as kForecastAndScale, but never fewer instances than its own HPA asks for
};

// How much traffic goes to the shadow pool while the forecast exceeds what the live pool carries.
enum class RouteShare : std::uint8_t {
  kAll,       // every request (weight 1)
  kOverflow,  // only the share above the live pool's capacity
};

// Configuration of the predictive (and hybrid) scaling policy; see docs/predictive.md. The
// lead time L is startup_delay + scheduling_buffer.
struct PredictiveConfig {
  PoolId target = PoolId::kShadow;
  PredictiveMode mode = PredictiveMode::kForecastAndScale;
  TimeNs period = 60 * kSecond;             // how often decide() runs
  TimeNs forecast_interval = 5 * kMinute;   // the series the forecaster works on
  double upper_quantile = 0.9;              // the forecast quantile the pool is sized for
  TimeNs scheduling_buffer = 60 * kSecond;  // extra lead beyond the start-up delay
  // Time from asking for an instance to it being ready. The caller fills it from the pool's
  // instance model (startupDelayOf); the default is that of the default instance model.
  TimeNs startup_delay = 65 * kSecond;
  double target_utilization = 0.7;  // of an instance's capacity, 0..1
  int min_instances = 1;
  int max_instances = 100;
  // Scale in only when every forecast from now to now + L + period + this window is below what
  // the pool's current instances carry.
  TimeNs scale_in_window = 15 * kMinute;
  TimeNs min_history = kDay;        // before this much history the pool is held at min_instances
  TimeNs refit_period = kDay;       // feedback loop: refit this often (0 = never)
  TimeNs refit_validation = kDay;   // the last span of history a refit is backtested on
  TimeNs history_kept = 14 * kDay;  // bounded history the refits learn from
  // Intervals of a run of zero demand at least this long are flagged missing (0 = never), as
  // the count-CSV reader flags them: hours without a single request are an outage of the
  // traffic (a logging gap, a replayed trace's hole), not quiet traffic to forecast again a
  // day or a week later.
  TimeNs zero_run_missing = 2 * kHour;
  bool shift_traffic = true;  // route to the shadow pool when the live pool will not carry
  RouteShare route_share = RouteShare::kAll;
  // Capacity estimation from the traffic a pool serves.
  double capacity_utilization_floor = 0.2;  // busier than this for a sample to count
  double capacity_smoothing = 0.1;          // EWMA weight of a new sample
  double latency_limit_ms = 0;  // p99 above this caps the estimate (0 = latency not used)
  HpaConfig hpa;                // the HPA of hybrid mode (its target is forced to `target`)
  ForecasterSpec forecaster;    // what the caller builds the forecaster from
};

// Time from asking for an instance to it being ready at the 99th percentile: provisioning plus
// start-up. An exponential distribution's p99 is its mean times ln(100).
inline TimeNs startupDelayOf(const InstanceModel& model) {
  auto p99 = [](const DurationDistribution& d) {
    if (d.exponential) {
      return static_cast<TimeNs>(std::ceil(static_cast<double>(d.mean) * std::log(100.0)));
    }
    return d.p99 > d.mean ? d.p99 : d.mean;
  };
  return p99(model.provisioning) + p99(model.startup);
}

}  // namespace shadowscale
