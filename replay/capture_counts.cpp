#include "replay/capture_counts.h"

#include <map>

#include "core/input_error.h"
#include "replay/capture_reader.h"
#include "replay/capture_record_view.h"

namespace shadowscale {

namespace {

// Bucket index of `t`, rounding towards minus infinity (arrivals before 1970 stay ordered).
std::int64_t bucketOf(TimeNs t, TimeNs bucket) {
  const std::int64_t q = t / bucket;
  return (t % bucket != 0 && t < 0) ? q - 1 : q;
}

}  // namespace

CaptureCounts countCaptureArrivals(const std::string& path, TimeNs bucket) {
  if (bucket <= 0) {
    throw InputError(path + ": the bucket must be longer than 0");
  }
  CaptureReader reader(path);
  const TimeNs start = reader.header().start_unix_ns();
  // A map, not a vector: a capture written in completion order may go back in time.
  std::map<std::int64_t, double> per_bucket;
  CaptureCounts out;
  out.bucket = bucket;
  CaptureRecordView record;
  while (reader.next(record)) {
    if (record.mirror) {
      continue;
    }
    per_bucket[bucketOf(start + record.arrival_ns, bucket)] += 1;
    ++out.records;
  }
  if (per_bucket.empty()) {
    throw InputError(path + ": the capture holds no request to count");
  }
  const std::int64_t first = per_bucket.begin()->first;
  const std::int64_t last = per_bucket.rbegin()->first;
  out.first_bucket_unix_ns = first * bucket;
  out.counts.assign(static_cast<std::size_t>(last - first + 1), 0.0);
  for (const auto& [index, count] : per_bucket) {
    out.counts[static_cast<std::size_t>(index - first)] = count;
  }
  return out;
}

}  // namespace shadowscale
