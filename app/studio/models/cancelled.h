#pragma once

#include <atomic>
#include <exception>

namespace shadowscale::studio {

// Thrown inside long work when the user pressed Cancel: it unwinds through the libraries (which
// remove their temporary files on the way) and ends the work without an error message.
struct Cancelled : std::exception {
  const char* what() const noexcept override { return "cancelled"; }
};

// Throws Cancelled once `flag` is set; long work calls it from its progress callbacks.
inline void throwIfCancelled(const std::atomic<bool>& flag) {
  if (flag.load(std::memory_order_relaxed)) {
    throw Cancelled();
  }
}

}  // namespace shadowscale::studio
