#include "live/wall_clock.h"

#include <stdexcept>

namespace shadowscale {

WallClock::WallClock(double speed)
    : start_(std::chrono::steady_clock::now()),
      unix_epoch_(std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count()),
      speed_(speed) {
  if (!(speed > 0)) {
    throw std::invalid_argument("clock speed must be above 0");
  }
}

}  // namespace shadowscale
