#pragma once

#include <optional>
#include <vector>

#include "core/request.h"
#include "core/time.h"

namespace shadowscale {

// One HPA scaling rate policy: at most `value` pods or percent per `period`.
struct HpaRatePolicy {
  enum class Type { kPods, kPercent } type = Type::kPods;
  int value = 4;
  TimeNs period = 15 * kSecond;  // <= 1800 s
};

// HPA behavior for one direction (scaleUp or scaleDown).
struct HpaScalingRules {
  TimeNs stabilization_window = 0;
  enum class Select { kMax, kMin, kDisabled } select = Select::kMax;
  std::vector<HpaRatePolicy> policies;
};

// Configuration of the Kubernetes HorizontalPodAutoscaler for one pool, with Kubernetes'
// defaults except the target utilization: 75% here, where `kubectl autoscale` uses 80% (see
// docs/policies.md).
struct HpaConfig {
  PoolId target = PoolId::kLive;
  int min_replicas = 1;
  int max_replicas = 100;
  double target_utilization = 0.75;  // of the CPU allocation, 0..1
  double tolerance = 0.1;
  TimeNs sync_period = 15 * kSecond;
  TimeNs cpu_initialization_period = 5 * kMinute;
  TimeNs initial_readiness_delay = 30 * kSecond;
  HpaScalingRules scale_up{0,
                           HpaScalingRules::Select::kMax,
                           {{HpaRatePolicy::Type::kPercent, 100, 15 * kSecond},
                            {HpaRatePolicy::Type::kPods, 4, 15 * kSecond}}};
  HpaScalingRules scale_down{5 * kMinute,
                             HpaScalingRules::Select::kMax,
                             {{HpaRatePolicy::Type::kPercent, 100, 15 * kSecond}}};
};

}  // namespace shadowscale
