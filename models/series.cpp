#include "models/series.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <istream>
#include <stdexcept>
#include <utility>

#include "core/count_csv.h"
#include "core/input_error.h"

namespace shadowscale {

namespace {

// Floors `t` to a multiple of `step` in local time, so buckets start at local :00, :05, ...
TimeNs floorLocal(TimeNs t, TimeNs step, TimeNs utc_offset) {
  const TimeNs local = t + utc_offset;
  TimeNs q = local / step;
  if (local % step < 0) {
    --q;
  }
  return q * step - utc_offset;
}

// Flags the buckets of long runs of consecutive zero-count rows (see zero_run_missing).
void flagZeroRuns(const std::vector<CountRow>& rows, TimeNs first, const SeriesReadOptions& options,
                  CountSeries& s) {
  std::size_t i = 0;
  while (i < rows.size()) {
    if (rows[i].count != 0) {
      ++i;
      continue;
    }
    std::size_t j = i;  // the run is rows[i..j], with no gap in the rows between them
    while (j + 1 < rows.size() && rows[j + 1].count == 0 &&
           rows[j + 1].unix_ns - rows[j].unix_ns == s.row_interval) {
      ++j;
    }
    const TimeNs end = rows[j].unix_ns + s.row_interval;
    if (end - rows[i].unix_ns >= options.zero_run_missing) {
      SeriesGap g;
      g.zero_run = true;
      g.first_missing = rows[i].unix_ns;
      g.resumes = end;
      g.line = j + 1 < rows.size() ? rows[j + 1].line : rows[j].line + 1;
      g.first_bucket = static_cast<std::size_t>((rows[i].unix_ns - first) / options.bucket);
      const auto last_bucket = static_cast<std::size_t>((end - 1 - first) / options.bucket);
      g.bucket_count = last_bucket - g.first_bucket + 1;
      for (std::size_t b = g.first_bucket; b <= last_bucket; ++b) {
        s.points[b].missing = true;
      }
      s.gaps.push_back(g);
    }
    i = j + 1;
  }
  std::sort(s.gaps.begin(), s.gaps.end(), [](const SeriesGap& a, const SeriesGap& b) {
    return a.first_missing < b.first_missing;
  });
}

}  // namespace

std::size_t CountSeries::missingCount() const {
  std::size_t n = 0;
  for (const auto& p : points) {
    n += p.missing ? 1 : 0;
  }
  return n;
}

CountSeries readCountSeries(const std::string& path, const SeriesReadOptions& options) {
  std::ifstream in(path);
  if (!in) {
    throw InputError::at(path, 0, "", "cannot open the series file");
  }
  return readCountSeries(in, path, options);
}

CountSeries readCountSeries(std::istream& in, const std::string& name,
                            const SeriesReadOptions& options) {
  if (options.bucket <= 0) {
    throw InputError::at(name, 0, "bucket", "must be longer than 0");
  }
  const std::vector<CountRow> rows = readCountRows(in, name, {{}, options.utc_offset, -1});
  if (rows.size() < 2) {
    throw InputError::at(name, 0, "",
                         "needs at least two rows, found " + std::to_string(rows.size()));
  }

  CountSeries s;
  s.source = name;
  s.bucket = options.bucket;
  s.utc_offset = options.utc_offset;
  s.rows = rows.size();
  s.row_interval = kNever;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    s.row_interval = std::min(s.row_interval, rows[i].unix_ns - rows[i - 1].unix_ns);
  }
  if (s.row_interval > options.bucket || options.bucket % s.row_interval != 0) {
    throw InputError::at(name, 0, "time",
                         "rows are " + formatDuration(s.row_interval) +
                             " apart, which does not divide the bucket of " +
                             formatDuration(options.bucket));
  }
  const std::size_t per_bucket = static_cast<std::size_t>(options.bucket / s.row_interval);
  const TimeNs first = floorLocal(rows.front().unix_ns, options.bucket, options.utc_offset);
  const std::size_t n_buckets =
      static_cast<std::size_t>((rows.back().unix_ns - first) / options.bucket) + 1;
  std::vector<double> sums(n_buckets, 0.0);
  std::vector<std::size_t> counts(n_buckets, 0);
  for (const CountRow& r : rows) {
    const auto b = static_cast<std::size_t>((r.unix_ns - first) / options.bucket);
    sums[b] += r.count;
    ++counts[b];
  }
  const Calendar calendar(0, options.utc_offset);
  s.points.resize(n_buckets);
  for (std::size_t b = 0; b < n_buckets; ++b) {
    SeriesPoint& p = s.points[b];
    p.t = first + static_cast<TimeNs>(b) * options.bucket;
    p.civil = calendar.civil(p.t);
    p.value = sums[b];
    p.missing = counts[b] < per_bucket;
  }
  // The first bucket may start before the first row only because of flooring; the file is
  // complete from its first row, so the leading partial bucket is the only one treated as such
  // without a gap (it is still flagged missing: its sum would understate the interval).
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].unix_ns - rows[i - 1].unix_ns > s.row_interval) {
      SeriesGap g;
      g.first_missing = rows[i - 1].unix_ns + s.row_interval;
      g.resumes = rows[i].unix_ns;
      g.line = rows[i].line;
      g.first_bucket = static_cast<std::size_t>((g.first_missing - first) / options.bucket);
      const auto last_bucket = static_cast<std::size_t>((g.resumes - 1 - first) / options.bucket);
      g.bucket_count = last_bucket - g.first_bucket + 1;
      s.gaps.push_back(g);
    }
  }
  if (options.zero_run_missing > 0) {
    flagZeroRuns(rows, first, options, s);
  }
  return s;
}

CountSeries makeSeries(std::span<const double> values, TimeNs start_unix, TimeNs bucket,
                       TimeNs utc_offset) {
  CountSeries s;
  s.source = "<memory>";
  s.bucket = bucket;
  s.row_interval = bucket;
  s.utc_offset = utc_offset;
  s.rows = values.size();
  const Calendar calendar(0, utc_offset);
  s.points.resize(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    SeriesPoint& p = s.points[i];
    p.t = start_unix + static_cast<TimeNs>(i) * bucket;
    p.civil = calendar.civil(p.t);
    p.missing = std::isnan(values[i]);
    p.value = p.missing ? 0.0 : values[i];
  }
  return s;
}

SeriesPoint stepCalendar(const SeriesPoint& from, TimeNs interval, int steps) {
  SeriesPoint p;
  const TimeNs delta = interval * steps;
  p.t = from.t + delta;
  const TimeNs local = daysFromCivil(from.civil.year, from.civil.month, from.civil.day) * kDay +
                       from.civil.time_of_day + delta;
  p.civil = Calendar(0, 0).civil(local);
  return p;
}

}  // namespace shadowscale
