#pragma once

#include <chrono>

#include "core/time.h"

namespace shadowscale {

// The live proxy's clock: run time 0 is when it was made, measured on the monotonic clock so a
// change of the system time never moves it; unixEpoch() is the wall time of run time 0, for the
// policies' calendar. `speed` > 1 runs it that many times faster (time-compressed real runs).
class WallClock final : public Clock {
 public:
  explicit WallClock(double speed = 1.0);

  TimeNs now() const override {
    const auto real = std::chrono::steady_clock::now() - start_;
    return static_cast<TimeNs>(
        static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(real).count()) *
        speed_);
  }
  // Unix time (ns) of run time 0.
  TimeNs unixEpoch() const { return unix_epoch_; }
  double speed() const { return speed_; }
  // The real duration that `run_time` of this clock takes.
  std::chrono::nanoseconds realDuration(TimeNs run_time) const {
    return std::chrono::nanoseconds(static_cast<TimeNs>(static_cast<double>(run_time) / speed_));
  }

 private:
  std::chrono::steady_clock::time_point start_;
  TimeNs unix_epoch_;
  double speed_;
};

}  // namespace shadowscale
