#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.h"

namespace shadowscale {

// Requests per bucket of a capture: what a forecaster learns from when the traffic was
// recorded rather than exported as counts.
struct CaptureCounts {
  TimeNs first_bucket_unix_ns = 0;  // start of counts[0], a multiple of the bucket (UTC)
  TimeNs bucket = 0;
  std::vector<double> counts;  // consecutive buckets; silent buckets count 0
  std::uint64_t records = 0;   // requests counted
};

// Counts the primary requests of the capture at `path` (mirror copies left out) by arrival
// time in buckets of `bucket`, from the first request's bucket to the last one's. Throws
// InputError naming the file for a damaged capture, or one without requests.
CaptureCounts countCaptureArrivals(const std::string& path, TimeNs bucket);

}  // namespace shadowscale
