#include "live/replay_schedule.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/input_error.h"

namespace shadowscale {

ReplaySchedule::ReplaySchedule(const std::string& path, double speed, TimeNs reorder_window)
    : reader_(path), speed_(speed), window_(reorder_window) {
  if (!(speed > 0) || !std::isfinite(speed)) {
    throw InputError("--speed: must be a number above 0");
  }
  // One pass to check every frame and find the earliest and latest arrival.
  TimeNs lo = std::numeric_limits<TimeNs>::max(), hi = std::numeric_limits<TimeNs>::min();
  CaptureRecordView view;
  while (reader_.next(view)) {
    if (view.mirror) {
      continue;
    }
    ++total_;
    lo = std::min(lo, view.arrival_ns);
    hi = std::max(hi, view.arrival_ns);
  }
  reader_.rewind();
  first_ = total_ > 0 ? lo : 0;
  length_ = total_ > 0 ? static_cast<TimeNs>(static_cast<double>(hi - lo) / speed_) : 0;
  dropped_headers_ = {"connection",    "keep-alive", "proxy-connection",  "te",
                      "trailer",       "upgrade",    "transfer-encoding", "host",
                      "content-length"};
  for (const std::string& name : reader_.header().redacted_headers()) {
    dropped_headers_.insert(name);  // "REDACTED" is no credential worth sending
  }
}

bool ReplaySchedule::readOne() {
  while (reader_.next(view_)) {
    if (view_.mirror) {
      continue;
    }
    ReplayRequest r;
    r.due = static_cast<TimeNs>(static_cast<double>(view_.arrival_ns - first_) / speed_);
    r.seq = seq_++;
    r.method = view_.method.empty() ? "GET" : std::string(view_.method);
    r.target = view_.path.empty() ? "/" : std::string(view_.path);
    for (const CaptureHeaderView& h : view_.headers) {
      if (dropped_headers_.count(std::string(h.name)) == 0) {
        r.headers.emplace_back(h.name, h.value);
      }
    }
    r.body = std::string(view_.body);
    if (view_.body.empty() && view_.body_size.value_or(0) > 0) {
      ++bodies_missing_;
    }
    if (r.due < handed_out_) {
      // Later than the reorder window allowed for: it goes out at once.
      ++late_;
      r.due = handed_out_;
    }
    read_up_to_ = std::max(read_up_to_, r.due);
    heap_.push(std::move(r));
    return true;
  }
  exhausted_ = true;
  return false;
}

void ReplaySchedule::fill() {
  // Read ahead until the earliest pending request cannot be overtaken by a record within the
  // reorder window (in replay time: the window shrinks with the speed).
  const auto window = static_cast<TimeNs>(static_cast<double>(window_) / speed_);
  while (!exhausted_ && (heap_.empty() || read_up_to_ < heap_.top().due + window)) {
    readOne();
  }
}

TimeNs ReplaySchedule::nextDue() {
  fill();
  return heap_.empty() ? kNever : heap_.top().due;
}

bool ReplaySchedule::next(ReplayRequest& out) {
  fill();
  if (heap_.empty()) {
    return false;
  }
  out = heap_.top();
  heap_.pop();
  handed_out_ = out.due;
  return true;
}

}  // namespace shadowscale
