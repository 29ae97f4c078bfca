#pragma once

#include <algorithm>
#include <functional>
#include <vector>

#include "core/time.h"

namespace shadowscale {

// The service's shared database connection pool: caps how many requests, across every instance
// of every pool, can be in service at once. Requests take connections first come, first served.
class DbPool {
 public:
  // `size` connections; 0 means unlimited.
  explicit DbPool(int size = 0) { resize(size, 0); }

  bool limited() const { return !free_at_.empty(); }
  int size() const { return static_cast<int>(free_at_.size()); }

  // Earliest time a connection is free.
  TimeNs earliestFree() const { return free_at_.front(); }

  // Takes the earliest-free connection and holds it until `until`.
  void hold(TimeNs until) {
    std::pop_heap(free_at_.begin(), free_at_.end(), std::greater<>());
    free_at_.back() = until;
    std::push_heap(free_at_.begin(), free_at_.end(), std::greater<>());
  }

  // Changes the number of connections at `now`. Growing adds free connections; shrinking
  // retires the connections that free up first, so requests holding one keep it.
  void resize(int size, TimeNs now) {
    size = std::max(size, 0);
    while (static_cast<int>(free_at_.size()) < size) {
      free_at_.push_back(now);
      std::push_heap(free_at_.begin(), free_at_.end(), std::greater<>());
    }
    while (static_cast<int>(free_at_.size()) > size) {
      std::pop_heap(free_at_.begin(), free_at_.end(), std::greater<>());
      free_at_.pop_back();
    }
  }

 private:
  std::vector<TimeNs> free_at_;  // min-heap of the times each connection becomes free
};

}  // namespace shadowscale
