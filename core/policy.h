#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/request.h"
#include "core/time.h"
#include "core/traffic_source.h"

namespace shadowscale {

// Lifecycle of one instance of a pool.
enum class InstanceState : std::uint8_t { kProvisioning, kStarting, kReady, kDraining, kStopped };

// What a policy may know about one instance (like a pod's status and its metrics).
struct InstanceView {
  std::uint64_t id = 0;
  InstanceState state = InstanceState::kProvisioning;
  TimeNs created_at = 0;     // asked for (pod created)
  TimeNs started_at = -1;    // process started (pod StartTime); -1 while provisioning
  TimeNs ready_at = -1;      // became ready (Ready condition's last transition); -1 if never
  bool has_metrics = false;  // a utilization sample covers the last observation window
  double utilization = 0;    // CPU busy share of its allocation over the window, 0..1+
};

// What a policy may know about one pool at a control tick.
struct PoolView {
  bool enabled = false;  // the setup has this pool at all
  int desired = 0;       // the pool's current desired instance count (HPA "current replicas")
  int provisioning = 0, starting = 0, ready = 0, draining = 0;
  double cpu_per_instance = 1.0;        // CPU allocation of each instance (vertical size)
  std::vector<InstanceView> instances;  // every instance not draining or stopped
  // Over the last observation window:
  double arrival_rate = 0;      // primary requests per second sent to the pool
  double mirror_rate = 0;       // mirrored copies per second sent to the pool
  double served_rate = 0;       // requests per second that completed OK
  double error_rate = 0;        // share of requests that failed
  double mean_utilization = 0;  // mean over ready instances
  double p99_latency_ms = 0;
  // Requests per second one instance of the current size serves when fully occupied (every
  // worker busy), from the configured instance model.
  double configured_capacity_rps = 0;
};

// Everything a policy sees at a control tick. Built by the shell (simulator or live proxy).
struct Observation {
  TimeNs now = 0;
  TimeNs window = 0;  // length of the window the rates above cover
  CivilTime civil;    // calendar of `now`
  std::array<PoolView, kPoolCount> pools;
  double demand_rate = 0;    // all primary requests per second over the window
  int db_pool_size = 0;      // shared database connections (0 = unlimited)
  double shadow_weight = 0;  // routing share currently going to the shadow pool
  double shadow_weight_target = 0;
  bool event_active = false;  // a scenario special event covers `now`
  // Announced special events, past and future (run time): a forecasting policy prepares for
  // them. Owned by the shell, valid during decide().
  std::span<const TrafficEvent> announced_events;

  const PoolView& pool(PoolId p) const { return pools[index(p)]; }
};

// What a policy asks for. Unset fields leave the current value alone.
struct Decision {
  std::array<std::optional<int>, kPoolCount> instances;
  std::array<std::optional<double>, kPoolCount> cpu_per_instance;
  std::optional<int> db_pool_size;
  std::optional<double> shadow_weight;  // target share for the shadow pool; ramps there

  bool empty() const {
    return !instances[0] && !instances[1] && !cpu_per_instance[0] && !cpu_per_instance[1] &&
           !db_pool_size && !shadow_weight;
  }
};

// What a forecasting policy reports after each decide(), for the per-interval output rows:
// the forecast beside the actual, the lead time and capacity it sized with, what it asked for
// (or would have, in forecast-only mode) and how its feedback loop is doing.
struct PolicyTelemetry {
  // The forecast for now that the policy made one lead time ago (requests/s); NaN when none.
  double forecast_p50_rps = std::numeric_limits<double>::quiet_NaN();
  double forecast_upper_rps = std::numeric_limits<double>::quiet_NaN();
  double lead_time_s = 0;
  double capacity_rps = 0;  // requests/s one instance serves at the target utilization
  int would_instances = 0;  // what it asked for, or would have asked for in forecast-only mode
  double would_weight = 0;  // shadow routing share it asked for (or would have)
  int refits_accepted = 0;
  int refits_rejected = 0;
  bool warming_up = true;  // too little history yet: holding the pool at its minimum
};

// A scaling policy, run every period() by the shell; decisions may change instance counts, CPU
// per instance, the database pool and routing weights. Implementations: hpa, schedule, and the
// predictive and hybrid policies that use a Forecaster.
class ScalingPolicy {
 public:
  virtual ~ScalingPolicy() = default;
  virtual std::string_view kind() const = 0;
  // How often decide() runs.
  virtual TimeNs period() const = 0;
  virtual Decision decide(const Observation& obs) = 0;
  // What the policy reports after its last decide(); policies without a forecast report none.
  virtual const PolicyTelemetry* telemetry() const { return nullptr; }
  // What the user should know about how the policy ran so far (a forecasting policy that never
  // left its warm-up, say), for the run's notes; empty when there is nothing to say.
  virtual std::vector<std::string> notes() const { return {}; }
};

}  // namespace shadowscale
