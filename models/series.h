#pragma once

#include <cstddef>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/forecaster.h"
#include "core/time.h"
#include "core/time_text.h"

namespace shadowscale {

// A stretch of a count series without usable data: no rows at all, or a long run of rows that
// all count zero (a logging outage rather than quiet traffic).
struct SeriesGap {
  TimeNs first_missing = 0;      // unix ns of the first interval with no row
  TimeNs resumes = 0;            // unix ns of the row that follows the gap
  int line = 0;                  // line of that row in the file
  std::size_t first_bucket = 0;  // first bucket the gap touches
  std::size_t bucket_count = 0;  // buckets it makes missing (including partial ones)
  bool zero_run = false;         // rows are there but all zero for at least zero_run_missing
};

// How to read a count CSV into buckets.
struct SeriesReadOptions {
  TimeNs utc_offset = 0;        // zone of the timestamps (UTC-4 = -4 h)
  TimeNs bucket = 5 * kMinute;  // rows are summed into buckets of this length
  // Consecutive zero-count rows spanning at least this long are an outage, not quiet traffic
  // (the NASA trace has 82 h of zeros where the July log ends): their buckets are flagged
  // missing and reported. Quiet nights give zero runs of minutes, not hours. 0 disables.
  TimeNs zero_run_missing = 2 * kHour;
};

// A per-interval series read from a count CSV and summed into buckets. A bucket with any
// interval lacking a row is flagged missing; its value is the sum of the rows it has (so a
// bucket inside a gap holds 0), never an invented number. Long zero runs are flagged the same
// way (see SeriesReadOptions::zero_run_missing).
struct CountSeries {
  std::string source;  // file name, for messages
  TimeNs bucket = 5 * kMinute;
  TimeNs row_interval = 0;  // detected spacing of the file's rows
  TimeNs utc_offset = 0;
  std::size_t rows = 0;
  std::vector<SeriesPoint> points;  // t = unix ns of the bucket start
  std::vector<SeriesGap> gaps;

  std::size_t missingCount() const;
};

// Reads a count series (CountCsvReader's format; timestamps without a zone are local at
// options.utc_offset) and sums it into buckets. Throws InputError naming file, line and field for
// bad rows, times that do not increase, or a row spacing that does not divide the bucket.
CountSeries readCountSeries(const std::string& path, const SeriesReadOptions& options);

// The same from a stream; `name` is used in messages.
CountSeries readCountSeries(std::istream& in, const std::string& name,
                            const SeriesReadOptions& options);

// Builds a series of consecutive buckets from plain values (for tests and synthetic data):
// bucket i starts at start_unix + i * bucket; NaN values are flagged missing.
CountSeries makeSeries(std::span<const double> values, TimeNs start_unix, TimeNs bucket,
                       TimeNs utc_offset = 0);

// Calendar (time of day, day of week) `steps` intervals after `from`, with no event: the
// forecasters' extrapolation when the caller gives no future calendar.
SeriesPoint stepCalendar(const SeriesPoint& from, TimeNs interval, int steps);

}  // namespace shadowscale
