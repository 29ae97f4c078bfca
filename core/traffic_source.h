#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/request.h"
#include "core/time.h"

namespace shadowscale {

// A special event in the traffic (a launch, a sale), announced: forecasters take its expected
// multiplier as an input (core/event_profile.h). The rate rises linearly over `ramp` from
// `start` to `multiplier` x the base, holds, and falls back linearly over the `decay` before
// `end` (both 0: a step up and down).
struct TrafficEvent {
  std::string name;
  TimeNs start = 0;
  TimeNs end = 0;           // end of the decay
  double multiplier = 1.0;  // peak rate relative to the base
  TimeNs ramp = 0;
  TimeNs decay = 0;
};

// A stretch of time the source has no data for (e.g. a gap in a count series).
struct TrafficGap {
  TimeNs start = 0;
  TimeNs end = 0;
};

// A source of requests on virtual time: synthetic, a count series, a capture. Requests come out
// in non-decreasing arrival order, in batches so the hot loop stays tight.
class TrafficSource {
 public:
  virtual ~TrafficSource() = default;
  // Fills `out` with the next requests, all with arrival < `until`; returns how many were
  // written (0 when no request remains before `until`).
  virtual std::size_t next(TimeNs until, std::span<Request> out) = 0;
  // Total length of the traffic, from time 0.
  virtual TimeNs duration() const = 0;
  // Expected request rate (per second) at time t, where the source knows it (synthetic
  // sources do); used for charts and for forecasters' ground truth. NaN when unknown.
  virtual double expectedRate(TimeNs t) const = 0;
  // Special events known to the source, for forecaster features.
  virtual const std::vector<TrafficEvent>& events() const = 0;
  // Gaps with no data; runs report them.
  virtual const std::vector<TrafficGap>& gaps() const = 0;
  // Unix time (ns) of virtual time 0, for the calendar (time of day, day of week).
  virtual TimeNs epoch() const = 0;
};

}  // namespace shadowscale
