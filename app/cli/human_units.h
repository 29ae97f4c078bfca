#pragma once

#include <string>

#include "core/time.h"

namespace shadowscale {

// "1.5 MB": a byte count for progress lines and summaries.
std::string humanBytes(double bytes);

// "3m14s", "2d1h": a time span for summaries, to the second (formatDuration).
std::string humanDuration(TimeNs d);

}  // namespace shadowscale
