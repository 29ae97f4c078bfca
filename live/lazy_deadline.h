#pragma once

#include <boost/system/error_code.hpp>
#include <chrono>

#include "live/io_types.h"

namespace shadowscale::live {

// The time limit of one connection, moved by every request, on one timer that is touched only
// when the limit comes earlier than the time it waits for: a deadline that moves later (the
// usual case: the next request's limit) costs a clock read, and the timer, when it fires early,
// waits again for the current limit. Arming and cancelling an Asio timer per request took a
// heap operation and a completion handler each time.
//
// `Owner` is a class managed by shared_ptr (enable_shared_from_this) with a member
// `void onDeadline()`, called on its I/O thread once the limit has passed; a waiting timer keeps
// its owner alive until it fires or cancel() is called.
template <class Owner>
class LazyDeadline {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr Clock::time_point kNever = Clock::time_point::max();

  explicit LazyDeadline(IoExecutor executor) : timer_(executor) {}

  // Sets the limit (kNever: none).
  void set(Clock::time_point when, Owner& owner) {
    when_ = when;
    if (when == kNever || (armed_ && armed_for_ <= when)) {
      return;
    }
    armed_ = true;
    armed_for_ = when;
    // Setting the expiry cancels a wait for a later time; its handler sees operation_aborted.
    timer_.expires_at(when);
    timer_.async_wait([this, self = owner.shared_from_this()](boost::system::error_code ec) {
      if (ec) {
        return;
      }
      armed_ = false;
      if (when_ == kNever) {
        return;
      }
      if (Clock::now() < when_) {
        return set(when_, *self);
      }
      when_ = kNever;
      self->onDeadline();
    });
  }
  // Sets the limit `after` from now.
  template <class Duration>
  void setAfter(Duration after, Owner& owner) {
    set(Clock::now() + after, owner);
  }
  // Removes the limit and lets the timer go (and with it the owner).
  void cancel() {
    when_ = kNever;
    armed_ = false;
    timer_.cancel();
  }

 private:
  SteadyTimer timer_;
  Clock::time_point when_ = kNever;
  Clock::time_point armed_for_ = kNever;
  bool armed_ = false;
};

}  // namespace shadowscale::live
