#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"

namespace shadowscale {

// One request to send to a real server: when (relative to the start of sending) and what.
struct ReplayRequest {
  TimeNs due = 0;  // intended send time
  std::uint64_t seq = 0;
  std::string method;
  std::string target;  // path and query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Requests in intended-send order, for the open-model client (live/replay_client.h): a
// capture's recorded requests, or a scenario's traffic source.
class RequestSchedule {
 public:
  virtual ~RequestSchedule() = default;
  // The intended send time of the next request; kNever when none is left.
  virtual TimeNs nextDue() = 0;
  // Moves the next request into `out`; false when none is left.
  virtual bool next(ReplayRequest& out) = 0;
  // Requests in the whole schedule, when known up front (0 when not).
  virtual std::uint64_t total() const = 0;
};

}  // namespace shadowscale
