#include "sim/event_queue.h"

#include <algorithm>
#include <stdexcept>

namespace shadowscale {

EventQueue::EventId EventQueue::schedule(TimeNs at, Action action) {
  const EventId id = next_seq_++;
  heap_.push_back(Entry{std::max(at, now_), id, std::move(action)});
  std::push_heap(heap_.begin(), heap_.end(), later);
  return id;
}

void EventQueue::dropCancelled() {
  while (!heap_.empty() && !cancelled_.empty()) {
    auto it = cancelled_.find(heap_.front().seq);
    if (it == cancelled_.end()) {
      return;
    }
    cancelled_.erase(it);
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
  }
}

TimeNs EventQueue::nextTime() {
  dropCancelled();
  return heap_.empty() ? kNever : heap_.front().at;
}

bool EventQueue::runNext() {
  dropCancelled();
  if (heap_.empty()) {
    return false;
  }
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Entry e = std::move(heap_.back());
  heap_.pop_back();
  if (e.at < now_) {
    throw std::logic_error("event queue: time went backwards");
  }
  now_ = e.at;
  e.action(now_);
  return true;
}

}  // namespace shadowscale
