#pragma once

#include <cstdint>

#include "core/time.h"

namespace shadowscale {

// Civil time of a moment: what schedules and forecasters key on.
struct CivilTime {
  int year = 1970;
  int month = 1;           // 1..12
  int day = 1;             // 1..31
  int day_of_week = 4;     // 0 = Monday .. 6 = Sunday
  TimeNs time_of_day = 0;  // since local midnight
};

// Maps run time to civil time: run time 0 is `epoch_unix_ns`, shown at a fixed UTC offset.
class Calendar {
 public:
  Calendar() = default;
  Calendar(TimeNs epoch_unix_ns, TimeNs utc_offset) : epoch_(epoch_unix_ns), offset_(utc_offset) {}

  CivilTime civil(TimeNs run_time) const;
  TimeNs epoch() const { return epoch_; }
  TimeNs utcOffset() const { return offset_; }

 private:
  TimeNs epoch_ = 0;
  TimeNs offset_ = 0;
};

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t daysFromCivil(int year, int month, int day);

// Whether `year` is a leap year of the proleptic Gregorian calendar.
bool isLeapYear(int year);

// Days in `month` (1..12) of `year`: 28 to 31.
int daysInMonth(int year, int month);

}  // namespace shadowscale
