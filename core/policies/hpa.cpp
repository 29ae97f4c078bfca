#include "core/policies/hpa.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace shadowscale {

namespace {

constexpr TimeNs kMaxPolicyPeriod = 1800 * kSecond;  // autoscaling/v2 validation
constexpr TimeNs kMaxStabilizationWindow = kHour;    // autoscaling/v2 validation

// The controller works in whole percent of the request, like averageUtilization.
std::int64_t targetPercent(const HpaConfig& config) {
  return std::llround(config.target_utilization * 100.0);
}

// CPU request of one instance in milli-CPU, as the metrics API reports it.
std::int64_t requestMilli(const PoolView& pool) {
  return std::max<std::int64_t>(1, std::llround(pool.cpu_per_instance * 1000.0));
}

std::int64_t usageMilli(const InstanceView& instance, std::int64_t request) {
  return std::llround(std::max(0.0, instance.utilization) * static_cast<double>(request));
}

// GetResourceUtilizationRatio: whole-percent utilization of the samples, and its ratio to the
// target. Truncation to whole percent is deliberate: it is what the controller compares.
std::pair<double, int> utilizationRatio(std::int64_t usage_total, std::int64_t request_total,
                                        std::int64_t target_percent) {
  const auto percent = static_cast<int>((usage_total * 100) / request_total);
  return {static_cast<double>(percent) / static_cast<double>(target_percent), percent};
}

int clampToInt(std::int64_t v) {
  return static_cast<int>(std::clamp<std::int64_t>(v, std::numeric_limits<int>::min(),
                                                   std::numeric_limits<int>::max()));
}

std::string policyField(const char* direction, std::size_t i, const char* setting) {
  return std::string(direction) + ".policy[" + std::to_string(i + 1) + "]." + setting;
}

void checkRules(const HpaScalingRules& rules, const char* direction,
                std::vector<ConfigProblem>& out) {
  if (rules.stabilization_window < 0 || rules.stabilization_window > kMaxStabilizationWindow) {
    out.push_back(
        {std::string(direction) + ".stabilization_window", "must be between 0 s and 3600 s"});
  }
  if (rules.policies.empty() && rules.select != HpaScalingRules::Select::kDisabled) {
    out.push_back({std::string(direction) + ".policy",
                   "at least one policy is needed unless select_policy is Disabled"});
  }
  for (std::size_t i = 0; i < rules.policies.size(); ++i) {
    const HpaRatePolicy& p = rules.policies[i];
    if (p.value <= 0) {
      out.push_back({policyField(direction, i, "value"), "must be greater than 0"});
    }
    if (p.period <= 0 || p.period > kMaxPolicyPeriod) {
      out.push_back(
          {policyField(direction, i, "period"), "must be more than 0 s and at most 1800 s"});
    }
  }
}

TimeNs longestPeriod(const HpaScalingRules& rules) {
  TimeNs longest = 0;
  for (const HpaRatePolicy& p : rules.policies) {
    longest = std::max(longest, p.period);
  }
  return longest;
}

}  // namespace

HpaPodGroup classifyHpaInstance(const InstanceView& instance, TimeNs now, TimeNs metric_window,
                                const HpaConfig& config) {
  if (instance.state == InstanceState::kDraining || instance.state == InstanceState::kStopped) {
    return HpaPodGroup::kIgnored;  // like a pod with a deletion timestamp
  }
  if (instance.state == InstanceState::kProvisioning || instance.started_at < 0) {
    return HpaPodGroup::kUnready;  // a pending pod
  }
  if (!instance.has_metrics) {
    return HpaPodGroup::kMissing;
  }
  const bool ready = instance.state == InstanceState::kReady;
  // The Ready condition's last transition: when it became ready, or, for one never ready,
  // when the condition was first set (false) as the process started.
  const TimeNs transition = instance.ready_at >= 0 ? instance.ready_at : instance.started_at;
  if (instance.started_at + config.cpu_initialization_period > now) {
    // Start-up CPU is not load: use the sample only once ready for a whole metric window.
    return (!ready || now < transition + metric_window) ? HpaPodGroup::kUnready
                                                        : HpaPodGroup::kReady;
  }
  const bool never_ready_yet =
      !ready && instance.started_at + config.initial_readiness_delay > transition;
  return never_ready_yet ? HpaPodGroup::kUnready : HpaPodGroup::kReady;
}

HpaReplicaCalculation calculateHpaReplicas(int current_replicas, const PoolView& pool, TimeNs now,
                                           TimeNs metric_window, const HpaConfig& config) {
  HpaReplicaCalculation calc;
  const std::int64_t request = requestMilli(pool);
  const std::int64_t target = targetPercent(config);
  std::int64_t usage_total = 0;
  for (const InstanceView& inst : pool.instances) {
    switch (classifyHpaInstance(inst, now, metric_window, config)) {
      case HpaPodGroup::kReady:
        ++calc.ready;
        usage_total += usageMilli(inst, request);
        break;
      case HpaPodGroup::kUnready:
        ++calc.unready;
        break;
      case HpaPodGroup::kMissing:
        ++calc.missing;
        break;
      case HpaPodGroup::kIgnored:
        ++calc.ignored;
        break;
    }
  }
  if (calc.ready == 0) {
    return calc;  // "did not receive metrics for targeted pods": no recommendation
  }
  const auto [ratio, percent] = utilizationRatio(usage_total, request * calc.ready, target);
  calc.usage_ratio = ratio;
  calc.utilization_percent = percent;

  const bool scale_up_with_unready = calc.unready > 0 && ratio > 1.0;
  if (!scale_up_with_unready && calc.missing == 0) {
    if (std::abs(1.0 - ratio) <= config.tolerance) {
      calc.replicas = current_replicas;
    } else {
      calc.replicas =
          clampToInt(static_cast<std::int64_t>(std::ceil(ratio * static_cast<double>(calc.ready))));
    }
    return calc;
  }

  // Rebalance: give the instances set aside a conservative usage, then recompute.
  std::int64_t counted = calc.ready;
  if (calc.missing > 0) {
    if (ratio < 1.0) {
      // On a scale-down a missing instance may be busy: assume it is at full request (or at the
      // target, when the target is above 100%).
      const std::int64_t fallback_percent = std::max<std::int64_t>(100, target);
      usage_total += calc.missing * (request * fallback_percent / 100);
      counted += calc.missing;
    } else if (ratio > 1.0) {
      counted += calc.missing;  // at 0 on a scale-up
    }
  }
  if (scale_up_with_unready) {
    counted += calc.unready;  // at 0 on a scale-up
  }
  const double new_ratio = utilizationRatio(usage_total, request * counted, target).first;
  if (std::abs(1.0 - new_ratio) <= config.tolerance || (ratio < 1.0 && new_ratio > 1.0) ||
      (ratio > 1.0 && new_ratio < 1.0)) {
    calc.replicas = current_replicas;
    return calc;
  }
  const int proposed =
      clampToInt(static_cast<std::int64_t>(std::ceil(new_ratio * static_cast<double>(counted))));
  if ((new_ratio < 1.0 && proposed > current_replicas) ||
      (new_ratio > 1.0 && proposed < current_replicas)) {
    calc.replicas = current_replicas;  // counting more instances would turn the direction round
    return calc;
  }
  calc.replicas = proposed;
  return calc;
}

std::vector<ConfigProblem> checkHpaConfig(const HpaConfig& config) {
  std::vector<ConfigProblem> out;
  if (config.min_replicas < 0) {
    out.push_back({"min_replicas", "must be 0 or more"});
  }
  if (config.max_replicas < 1) {
    out.push_back({"max_replicas", "must be 1 or more"});
  } else if (config.max_replicas < config.min_replicas) {
    out.push_back({"max_replicas", "must not be less than min_replicas (" +
                                       std::to_string(config.min_replicas) + ")"});
  }
  if (!std::isfinite(config.target_utilization) || targetPercent(config) < 1) {
    out.push_back({"target_utilization", "must be at least 1% (0.01) of the CPU allocation"});
  }
  if (!std::isfinite(config.tolerance) || config.tolerance < 0) {
    out.push_back({"tolerance", "must be 0 or more"});
  }
  if (config.sync_period <= 0) {
    out.push_back({"sync_period", "must be more than 0 s"});
  }
  if (config.cpu_initialization_period < 0) {
    out.push_back({"cpu_initialization_period", "must be 0 s or more"});
  }
  if (config.initial_readiness_delay < 0) {
    out.push_back({"initial_readiness_delay", "must be 0 s or more"});
  }
  checkRules(config.scale_up, "scale_up", out);
  checkRules(config.scale_down, "scale_down", out);
  return out;
}

HpaPolicy::HpaPolicy(HpaConfig config) : config_(std::move(config)) {
  throwIfProblems("hpa", checkHpaConfig(config_));
  longest_window_ =
      std::max(config_.scale_up.stabilization_window, config_.scale_down.stabilization_window);
  longest_period_ = std::max(longestPeriod(config_.scale_up), longestPeriod(config_.scale_down));
}

Decision HpaPolicy::decide(const Observation& obs) {
  const TimeNs now = obs.now;
  const PoolView& pool = obs.pool(config_.target);
  const int current = pool.desired;
  status_ = HpaStatus{};
  status_.time = now;
  status_.current = current;
  if (!initialized_) {
    // A fresh controller treats the current size as a recent recommendation, so it does not
    // scale down on its first sync.
    recommendations_.push_back({current, now});
    initialized_ = true;
  }

  int desired = current;
  bool rescale = true;
  if (current == 0 && config_.min_replicas != 0) {
    rescale = false;  // a target scaled to zero by hand is left alone
    status_.reason = "ScalingDisabled";
  } else if (current > config_.max_replicas) {
    // Out-of-range counts are corrected at once, without stabilization or rate limits.
    desired = config_.max_replicas;
    status_.reason = "AboveMaxReplicas";
  } else if (current < config_.min_replicas) {
    desired = config_.min_replicas;
    status_.reason = "BelowMinReplicas";
  } else {
    const HpaReplicaCalculation calc =
        calculateHpaReplicas(current, pool, now, obs.window, config_);
    status_.utilization_percent = calc.utilization_percent;
    status_.metric_replicas = calc.replicas;
    if (!calc.replicas) {
      rescale = false;
      status_.reason = "FailedGetResourceMetric";
    } else {
      const int stabilized = stabilize(current, *calc.replicas, now);
      status_.stabilized = stabilized;
      desired = limitRate(current, stabilized, now);
      rescale = desired != current;
    }
  }
  if (rescale) {
    storeScaleEvent(current, desired, now);
  } else {
    desired = current;
  }
  if (!status_.metric_replicas) {
    status_.stabilized = desired;
  }
  status_.desired = desired;

  Decision decision;
  decision.instances[index(config_.target)] = desired;
  return decision;
}

int HpaPolicy::stabilize(int current, int recommendation, TimeNs now) {
  const TimeNs up_cutoff = now - config_.scale_up.stabilization_window;
  const TimeNs down_cutoff = now - config_.scale_down.stabilization_window;
  int up = recommendation;    // lowest recent: scale up only as far as all of them agree
  int down = recommendation;  // highest recent: scale down only as far as all of them agree
  for (const TimedReplicas& r : recommendations_) {
    if (r.time > up_cutoff) {
      up = std::min(up, r.replicas);
    }
    if (r.time > down_cutoff) {
      down = std::max(down, r.replicas);
    }
  }
  int stabilized = std::max(current, up);
  stabilized = std::min(stabilized, down);

  // Older than both windows, a recommendation can never count again.
  const TimeNs obsolete = now - longest_window_;
  std::erase_if(recommendations_, [obsolete](const TimedReplicas& r) { return r.time < obsolete; });
  recommendations_.push_back({recommendation, now});
  if (stabilized != recommendation) {
    status_.reason = recommendation >= current ? "ScaleUpStabilized" : "ScaleDownStabilized";
  }
  return stabilized;
}

int HpaPolicy::limitRate(int current, int stabilized, TimeNs now) {
  auto change_in_period = [now](const std::vector<TimedReplicas>& events, TimeNs period) {
    std::int64_t sum = 0;
    for (const TimedReplicas& e : events) {
      if (e.time > now - period) {
        sum += e.replicas;
      }
    }
    return sum;
  };
  // The count at the start of each policy's period: what the policy's budget is measured from.
  auto period_start = [&](const HpaRatePolicy& p) {
    return static_cast<std::int64_t>(current) - change_in_period(scale_up_events_, p.period) +
           change_in_period(scale_down_events_, p.period);
  };

  if (stabilized > current) {
    const HpaScalingRules& rules = config_.scale_up;
    std::int64_t limit = current;
    if (rules.select != HpaScalingRules::Select::kDisabled) {
      const bool pick_min = rules.select == HpaScalingRules::Select::kMin;
      limit = pick_min ? std::numeric_limits<std::int64_t>::max()
                       : std::numeric_limits<std::int64_t>::min();
      for (const HpaRatePolicy& p : rules.policies) {
        const std::int64_t start = period_start(p);
        const std::int64_t proposed =
            p.type == HpaRatePolicy::Type::kPods
                ? start + p.value
                // Rounded up so that a small pool can always grow.
                : static_cast<std::int64_t>(
                      std::ceil(static_cast<double>(start) * (1.0 + p.value / 100.0)));
        limit = pick_min ? std::min(limit, proposed) : std::max(limit, proposed);
      }
    }
    limit = std::max<std::int64_t>(limit, current);
    std::int64_t allowed = config_.max_replicas;
    std::string_view reason = "TooManyReplicas";
    if (allowed > limit) {
      allowed = limit;
      reason = "ScaleUpLimit";
    }
    if (stabilized > allowed) {
      status_.reason = reason;
      return clampToInt(allowed);
    }
  } else if (stabilized < current) {
    const HpaScalingRules& rules = config_.scale_down;
    std::int64_t limit = current;
    if (rules.select != HpaScalingRules::Select::kDisabled) {
      // For a scale-down the largest change is the lowest count.
      const bool pick_min_change = rules.select == HpaScalingRules::Select::kMin;
      limit = pick_min_change ? std::numeric_limits<std::int64_t>::min()
                              : std::numeric_limits<std::int64_t>::max();
      for (const HpaRatePolicy& p : rules.policies) {
        const std::int64_t start = period_start(p);
        const std::int64_t proposed =
            p.type == HpaRatePolicy::Type::kPods
                ? start - p.value
                // Truncated like the controller's int32 conversion.
                : static_cast<std::int64_t>(static_cast<double>(start) * (1.0 - p.value / 100.0));
        limit = pick_min_change ? std::max(limit, proposed) : std::min(limit, proposed);
      }
    }
    limit = std::min<std::int64_t>(limit, current);
    std::int64_t allowed = config_.min_replicas;
    std::string_view reason = "TooFewReplicas";
    if (allowed < limit) {
      allowed = limit;
      reason = "ScaleDownLimit";
    }
    if (stabilized < allowed) {
      status_.reason = reason;
      return clampToInt(allowed);
    }
  }
  if (status_.reason.empty()) {
    status_.reason = "DesiredWithinRange";
  }
  return stabilized;
}

void HpaPolicy::storeScaleEvent(int previous, int next, TimeNs now) {
  // Events are kept while any policy of either direction can still count them: the scale-up
  // budget subtracts removals and the scale-down budget adds additions.
  const TimeNs obsolete = now - longest_period_;
  auto old = [obsolete](const TimedReplicas& e) { return e.time <= obsolete; };
  std::erase_if(scale_up_events_, old);
  std::erase_if(scale_down_events_, old);
  if (next > previous) {
    scale_up_events_.push_back({next - previous, now});
  } else if (next < previous) {
    scale_down_events_.push_back({previous - next, now});
  }
}

}  // namespace shadowscale
