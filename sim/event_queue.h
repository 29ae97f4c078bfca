#pragma once

#include <cstdint>
#include <functional>
#include <unordered_set>
#include <vector>

#include "core/time.h"

namespace shadowscale {

// The discrete-event kernel's agenda: events ordered by (time, sequence), so events at equal
// times run in the order they were scheduled. Cancellation is lazy: a cancelled event stays in
// the heap and is skipped when it comes up.
class EventQueue {
 public:
  using Action = std::function<void(TimeNs)>;
  using EventId = std::uint64_t;

  // Schedules `action` at time `at`; a time before now() runs at now().
  EventId schedule(TimeNs at, Action action);
  void cancel(EventId id) { cancelled_.insert(id); }

  // Time of the next live event, or kNever.
  TimeNs nextTime();
  // Runs the next live event, advancing now(); returns false when none is left.
  bool runNext();
  TimeNs now() const { return now_; }
  std::size_t size() const { return heap_.size(); }

 private:
  struct Entry {
    TimeNs at;
    EventId seq;
    Action action;
  };
  // Heap order: the earliest (time, sequence) on top.
  static bool later(const Entry& a, const Entry& b) {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }
  void dropCancelled();

  std::vector<Entry> heap_;
  std::unordered_set<EventId> cancelled_;
  EventId next_seq_ = 0;
  TimeNs now_ = 0;
};

}  // namespace shadowscale
