#pragma once

#include <span>

#include "core/time.h"
#include "core/traffic_source.h"

namespace shadowscale {

// The rate multiplier an announced event is expected to bring at time t: 1 outside it, up to
// its multiplier on the plateau, linear on the ramp and the decay.
double eventMultiplierAt(const TrafficEvent& event, TimeNs t);

// The mean expected multiplier over [from, to) of every announced event (overlapping events
// multiply, as the synthetic source applies them); 1 when none covers the span.
double eventMultiplier(std::span<const TrafficEvent> events, TimeNs from, TimeNs to);

}  // namespace shadowscale
