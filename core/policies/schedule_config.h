#pragma once

#include <cstdint>
#include <vector>

#include "core/request.h"
#include "core/time.h"

namespace shadowscale {

// One line of a schedule: on the given days, between `from` and `to` (time of day, local), run
// `instances`. `to` <= `from` wraps past midnight.
struct ScheduleRule {
  std::uint8_t days = 0x7F;  // bit 0 = Monday .. bit 6 = Sunday
  TimeNs from = 0;
  TimeNs to = kDay;
  int instances = 1;
};

// Instance counts by time of day and day of week, like a cron-driven scaler. The first matching
// rule wins; with none matching, `default_instances`.
struct ScheduleConfig {
  PoolId target = PoolId::kLive;
  TimeNs period = 60 * kSecond;
  int default_instances = 1;
  std::vector<ScheduleRule> rules;
};

}  // namespace shadowscale
