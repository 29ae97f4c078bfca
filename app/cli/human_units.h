#pragma once

#include <string>

#include "core/time.h"

namespace shadowscale {

// "1.5 MB": a byte count for progress lines and summaries.
std::string humanBytes(double bytes);

// "01:02:03" or "2 d 01:02:03": a time span for summaries.
std::string humanDuration(TimeNs d);

}  // namespace shadowscale
