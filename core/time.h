#pragma once

#include <cstdint>

namespace shadowscale {

// Virtual (or wall) time and durations, in integer nanoseconds. Time 0 of a run is the
// scenario's start; Calendar maps it to a civil date.
using TimeNs = std::int64_t;

inline constexpr TimeNs kNanosecond = 1;
inline constexpr TimeNs kMicrosecond = 1000;
inline constexpr TimeNs kMillisecond = 1000 * kMicrosecond;
inline constexpr TimeNs kSecond = 1000 * kMillisecond;
inline constexpr TimeNs kMinute = 60 * kSecond;
inline constexpr TimeNs kHour = 60 * kMinute;
inline constexpr TimeNs kDay = 24 * kHour;
inline constexpr TimeNs kWeek = 7 * kDay;
inline constexpr TimeNs kNever = INT64_MAX;

inline constexpr double toSeconds(TimeNs t) {
  return static_cast<double>(t) / 1e9;
}
inline constexpr double toMillis(TimeNs t) {
  return static_cast<double>(t) / 1e6;
}
inline constexpr TimeNs fromSeconds(double s) {
  return static_cast<TimeNs>(s * 1e9);
}

// The source of "now" for code that must not read a clock itself: the simulator hands in its
// virtual clock, the live proxy a wall clock.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeNs now() const = 0;
};

// A clock whose time is set by its owner; the simulator's virtual clock and the tests' clock.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimeNs start = 0) : now_(start) {}
  TimeNs now() const override { return now_; }
  void set(TimeNs t) { now_ = t; }
  void advance(TimeNs d) { now_ += d; }

 private:
  TimeNs now_;
};

}  // namespace shadowscale
