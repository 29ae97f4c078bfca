#include "core/policies/schedule.h"

#include <cstdint>
#include <string>
#include <utility>

namespace shadowscale {

namespace {

bool onDay(std::uint8_t days, int day_of_week) {
  return day_of_week >= 0 && day_of_week < 7 && ((days >> day_of_week) & 1U) != 0;
}

}  // namespace

bool scheduleRuleCovers(const ScheduleRule& rule, const CivilTime& at) {
  const TimeNs tod = at.time_of_day;
  if (rule.from < rule.to) {
    return onDay(rule.days, at.day_of_week) && tod >= rule.from && tod < rule.to;
  }
  const int previous_day = (at.day_of_week + 6) % 7;
  return (onDay(rule.days, at.day_of_week) && tod >= rule.from) ||
         (onDay(rule.days, previous_day) && tod < rule.to);
}

std::optional<std::size_t> firstMatchingRule(const ScheduleConfig& config, const CivilTime& at) {
  for (std::size_t i = 0; i < config.rules.size(); ++i) {
    if (scheduleRuleCovers(config.rules[i], at)) {
      return i;
    }
  }
  return std::nullopt;
}

int scheduledInstances(const ScheduleConfig& config, const CivilTime& at) {
  const std::optional<std::size_t> rule = firstMatchingRule(config, at);
  return rule ? config.rules[*rule].instances : config.default_instances;
}

std::vector<ConfigProblem> checkScheduleConfig(const ScheduleConfig& config) {
  std::vector<ConfigProblem> out;
  if (config.period <= 0) {
    out.push_back({"period", "must be more than 0 s"});
  }
  if (config.default_instances < 0) {
    out.push_back({"default_instances", "must be 0 or more"});
  }
  for (std::size_t i = 0; i < config.rules.size(); ++i) {
    const ScheduleRule& r = config.rules[i];
    const std::string field = "rule[" + std::to_string(i + 1) + "].";
    if (r.days == 0 || r.days > 0x7F) {
      out.push_back({field + "days", "must name at least one day, Monday to Sunday"});
    }
    if (r.from < 0 || r.from >= kDay) {
      out.push_back({field + "from", "must be a time of day from 00:00 to before 24:00"});
    }
    if (r.to < 0 || r.to > kDay) {
      out.push_back({field + "to", "must be a time of day from 00:00 to 24:00"});
    }
    if (r.instances < 0) {
      out.push_back({field + "instances", "must be 0 or more"});
    }
  }
  return out;
}

SchedulePolicy::SchedulePolicy(ScheduleConfig config) : config_(std::move(config)) {
  throwIfProblems("schedule", checkScheduleConfig(config_));
}

Decision SchedulePolicy::decide(const Observation& obs) {
  Decision decision;
  decision.instances[index(config_.target)] = scheduledInstances(config_, obs.civil);
  return decision;
}

}  // namespace shadowscale
