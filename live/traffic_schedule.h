#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/request.h"
#include "core/traffic_source.h"
#include "live/request_schedule.h"

namespace shadowscale {

// A scenario's traffic (synthetic, count CSV or capture: any TrafficSource) as requests for a
// real server, for real runs: each request is due at its arrival / speed; route r >= 1 sends the
// instance model's route `route_names[r - 1]` ("POST /checkout" as that method and path, a bare
// "/users/{id}" as a GET with each {name} filled in), route 0 a GET of "/".
class TrafficSchedule final : public RequestSchedule {
 public:
  // Sends the source's requests with arrival < `end` (virtual time). Throws InputError when
  // speed is not above 0.
  TrafficSchedule(std::unique_ptr<TrafficSource> source, std::vector<std::string> route_names,
                  double speed, TimeNs end);

  // RequestSchedule
  TimeNs nextDue() override;
  bool next(ReplayRequest& out) override;
  std::uint64_t total() const override { return 0; }  // a source does not know ahead

  // Requests handed out so far.
  std::uint64_t handedOut() const { return seq_; }

 private:
  struct Target {
    std::string method;
    std::string path;
  };
  bool refill();

  std::unique_ptr<TrafficSource> source_;
  std::vector<Target> targets_;  // [0] is route 0
  double speed_;
  TimeNs end_;
  TimeNs fetched_to_ = 0;  // virtual time the source has been read up to
  std::vector<Request> buffer_;
  std::size_t pos_ = 0, count_ = 0;
  std::uint64_t seq_ = 0;
};

}  // namespace shadowscale
