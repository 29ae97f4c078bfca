#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/policies/config_problem.h"
#include "core/policies/schedule_config.h"
#include "core/policy.h"
#include "core/time.h"

namespace shadowscale {

// Whether `rule` covers the civil moment `at`. A rule whose `to` is not after its `from` runs
// past midnight, and the part after midnight belongs to the next day: a Friday 22:00-06:00 rule
// covers Friday from 22:00 and Saturday until 06:00.
bool scheduleRuleCovers(const ScheduleRule& rule, const CivilTime& at);

// The index of the first rule that covers `at`, or none.
std::optional<std::size_t> firstMatchingRule(const ScheduleConfig& config, const CivilTime& at);

// The instance count the schedule asks for at `at`: the first matching rule's, else the default.
int scheduledInstances(const ScheduleConfig& config, const CivilTime& at);

// Everything wrong with a schedule configuration, each naming its setting; empty when valid.
std::vector<ConfigProblem> checkScheduleConfig(const ScheduleConfig& config);

// Scheduled scaling, like a cron-driven scaler: instance counts by day of week and time of day.
class SchedulePolicy final : public ScalingPolicy {
 public:
  // Throws InputError if the configuration is invalid (see checkScheduleConfig).
  explicit SchedulePolicy(ScheduleConfig config);

  // ScalingPolicy
  std::string_view kind() const override { return "schedule"; }
  TimeNs period() const override { return config_.period; }
  Decision decide(const Observation& obs) override;

  const ScheduleConfig& config() const { return config_; }

 private:
  ScheduleConfig config_;
};

}  // namespace shadowscale
