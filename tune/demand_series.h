#pragma once

#include <cstdint>
#include <vector>

#include "core/time.h"
#include "core/traffic_source.h"
#include "scenarios/scenario.h"

namespace shadowscale {

// A scenario's demand as a rate per fixed step, read once and shared by every fluid run of a
// search: the rate the traffic source expects (synthetic traffic and count series know it), or
// the requests counted per step for a capture. Steps in a gap of the trace have rate 0.
struct DemandSeries {
  TimeNs step = 5 * kSecond;
  TimeNs end = 0;            // the traffic's end (run time)
  TimeNs epoch = 0;          // Unix time of run time 0, for the calendar
  std::vector<double> rate;  // requests/s of step k, covering [k step, (k + 1) step)
  std::vector<TrafficEvent> events;

  // The rate of the step holding `t` (0 past the end).
  double at(TimeNs t) const {
    const auto k = static_cast<std::size_t>(t / step);
    return t >= 0 && k < rate.size() ? rate[k] : 0.0;
  }
};

// Reads the demand of `scenario`'s traffic (at its seed) in steps of `step`, which must divide a
// minute. Throws InputError for traffic that cannot be read.
DemandSeries readDemandSeries(const Scenario& scenario, TimeNs step);

}  // namespace shadowscale
