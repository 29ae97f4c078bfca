#include "core/event_profile.h"

#include <algorithm>

namespace shadowscale {

double eventMultiplierAt(const TrafficEvent& e, TimeNs t) {
  if (t < e.start || t >= e.end) {
    return 1.0;
  }
  double shape = 1.0;
  if (e.ramp > 0 && t < e.start + e.ramp) {
    shape = static_cast<double>(t - e.start) / static_cast<double>(e.ramp);
  } else if (e.decay > 0 && t >= e.end - e.decay) {
    shape = 1.0 - static_cast<double>(t - (e.end - e.decay)) / static_cast<double>(e.decay);
  }
  return 1.0 + (e.multiplier - 1.0) * shape;
}

double eventMultiplier(std::span<const TrafficEvent> events, TimeNs from, TimeNs to) {
  if (to <= from) {
    return 1.0;
  }
  // Midpoints of 60 equal slices: exact for steps on slice edges, within a slice's share of the
  // change on ramps; a forecast interval is minutes, a ramp is minutes too.
  constexpr int kSlices = 60;
  bool any = false;
  for (const TrafficEvent& e : events) {
    any = any || (e.start < to && e.end > from);
  }
  if (!any) {
    return 1.0;
  }
  double sum = 0;
  const double width = static_cast<double>(to - from) / kSlices;
  for (int i = 0; i < kSlices; ++i) {
    const auto t = from + static_cast<TimeNs>((i + 0.5) * width);
    double m = 1.0;
    for (const TrafficEvent& e : events) {
      m *= eventMultiplierAt(e, t);
    }
    sum += m;
  }
  return std::max(0.0, sum / kSlices);
}

}  // namespace shadowscale
