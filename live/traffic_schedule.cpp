#include "live/traffic_schedule.h"

#include <cmath>
#include <span>

#include "core/input_error.h"

namespace shadowscale {

namespace {

// How far ahead the source is read at a time, in virtual time.
constexpr TimeNs kStep = kSecond;
constexpr std::size_t kBatch = 4096;

// A route's name as a method and a path one can send.
std::pair<std::string, std::string> routeTarget(const std::string& name) {
  std::string method = "GET", path = name;
  const std::size_t space = name.find(' ');
  if (space != std::string::npos && name[0] != '/') {
    method = name.substr(0, space);
    path = name.substr(space + 1);
  }
  if (method == "*") {
    method = "GET";
  }
  // A leading '/' for a rule's bare name ("search"), and template parameters filled in with
  // a sample value: "/users/{id}" -> "/users/1". Built afresh: GCC 12 warns falsely about
  // std::string::replace and insert here.
  std::string out = path.empty() || path[0] != '/' ? "/" : "";
  bool in_param = false;
  for (char c : path) {
    if (c == '{') {
      in_param = true;
      out.push_back('1');
    } else if (c == '}') {
      in_param = false;
    } else if (!in_param) {
      out.push_back(c);
    }
  }
  path = out;
  return {method, path};
}

}  // namespace

TrafficSchedule::TrafficSchedule(std::unique_ptr<TrafficSource> source,
                                 std::vector<std::string> route_names, double speed, TimeNs end)
    : source_(std::move(source)), speed_(speed), end_(end), buffer_(kBatch) {
  if (!(speed > 0) || !std::isfinite(speed)) {
    throw InputError("--speed: must be a number above 0");
  }
  targets_.push_back({"GET", "/"});
  for (const std::string& name : route_names) {
    auto [method, path] = routeTarget(name);
    targets_.push_back({method, path});
  }
}

bool TrafficSchedule::refill() {
  while (pos_ == count_) {
    if (fetched_to_ >= end_) {
      return false;
    }
    const TimeNs until = std::min(end_, fetched_to_ + kStep);
    count_ = source_->next(until, std::span<Request>(buffer_));
    pos_ = 0;
    if (count_ < buffer_.size()) {
      fetched_to_ = until;  // the source has nothing more before `until`
    }
  }
  return true;
}

TimeNs TrafficSchedule::nextDue() {
  if (!refill()) {
    return kNever;
  }
  return static_cast<TimeNs>(static_cast<double>(buffer_[pos_].arrival) / speed_);
}

bool TrafficSchedule::next(ReplayRequest& out) {
  if (!refill()) {
    return false;
  }
  const Request& r = buffer_[pos_++];
  const Target& t = targets_[r.route < targets_.size() ? r.route : 0];
  out = ReplayRequest{};
  out.due = static_cast<TimeNs>(static_cast<double>(r.arrival) / speed_);
  out.seq = seq_++;
  out.method = t.method;
  out.target = t.path;
  return true;
}

}  // namespace shadowscale
