#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/policies/config_problem.h"
#include "core/policies/hpa_config.h"
#include "core/policy.h"
#include "core/time.h"

namespace shadowscale {

// How the HPA counts one instance in the CPU calculation (the groups of the Kubernetes
// replica calculator): with a usable sample, set aside as not yet ready, without a sample, or
// not part of the pool any more.
enum class HpaPodGroup : std::uint8_t { kReady, kUnready, kMissing, kIgnored };

// Puts one instance in its group at `now`, given the window its utilization sample covers.
// Provisioning instances are pending (unready); an instance without a sample is missing; within
// cpu_initialization_period of its start an instance counts only once it is ready and a whole
// window has passed since; after it, only a never-ready instance still inside
// initial_readiness_delay of its start is set aside.
HpaPodGroup classifyHpaInstance(const InstanceView& instance, TimeNs now, TimeNs metric_window,
                                const HpaConfig& config);

// The outcome of one pass of the replica calculation for the CPU utilization metric.
struct HpaReplicaCalculation {
  // The raw recommendation (current_replicas when within tolerance or when the missing and
  // unready instances would turn the direction round); empty when no ready instance had a
  // sample, in which case the controller skips the sync.
  std::optional<int> replicas;
  int utilization_percent = 0;  // whole percent, over ready instances with samples
  double usage_ratio = 0;       // utilization_percent / target percent, before rebalancing
  int ready = 0;
  int unready = 0;
  int missing = 0;
  int ignored = 0;
};

// The pure replica calculation of the Kubernetes HPA for the CPU metric (replica_calculator.go
// GetResourceReplicas): utilization is summed over ready instances in milli-CPU and truncated to
// whole percent as the controller does; missing instances count as max(100%, target) on a
// scale-down and 0 on a scale-up, unready ones as 0 on a scale-up, and the current count is kept
// if the rebalanced ratio falls within tolerance or turns the direction round.
HpaReplicaCalculation calculateHpaReplicas(int current_replicas, const PoolView& pool, TimeNs now,
                                           TimeNs metric_window, const HpaConfig& config);

// Everything wrong with an HPA configuration, each naming its setting; empty when it is valid.
std::vector<ConfigProblem> checkHpaConfig(const HpaConfig& config);

// What the HPA decided at its last sync and why, as the HPA's status and conditions show it.
struct HpaStatus {
  TimeNs time = 0;
  int current = 0;                     // the pool's desired count before this sync
  std::optional<int> metric_replicas;  // raw recommendation of the metric, if computed
  int utilization_percent = 0;
  int stabilized = 0;            // after the stabilization windows
  int desired = 0;               // what decide() asked for
  std::string_view reason = "";  // e.g. "ScaleDownLimit", "DesiredWithinRange"
};

// The Kubernetes HorizontalPodAutoscaler (autoscaling/v2 with behavior) for one pool on CPU
// utilization: replica calculation, stabilization windows, rate policies and min/max clamps.
class HpaPolicy final : public ScalingPolicy {
 public:
  // Throws InputError if the configuration is invalid (see checkHpaConfig).
  explicit HpaPolicy(HpaConfig config);

  // ScalingPolicy
  std::string_view kind() const override { return "hpa"; }
  TimeNs period() const override { return config_.sync_period; }
  Decision decide(const Observation& obs) override;

  const HpaConfig& config() const { return config_; }
  const HpaStatus& lastStatus() const { return status_; }
  // Held recommendations and scale events: bounded by the longest window and policy period.
  std::size_t historySize() const {
    return recommendations_.size() + scale_up_events_.size() + scale_down_events_.size();
  }

 private:
  struct TimedReplicas {
    int replicas = 0;
    TimeNs time = 0;
  };

  int stabilize(int current, int recommendation, TimeNs now);
  int limitRate(int current, int stabilized, TimeNs now);
  void storeScaleEvent(int previous, int next, TimeNs now);

  HpaConfig config_;
  TimeNs longest_window_ = 0;  // of the two stabilization windows
  TimeNs longest_period_ = 0;  // of all rate policies, both directions
  bool initialized_ = false;
  std::vector<TimedReplicas> recommendations_;
  std::vector<TimedReplicas> scale_up_events_;    // replicas added, when
  std::vector<TimedReplicas> scale_down_events_;  // replicas removed, when
  HpaStatus status_;
};

}  // namespace shadowscale
