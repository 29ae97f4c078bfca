#include "models/series.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <istream>
#include <stdexcept>
#include <utility>

#include "core/input_error.h"
#include "core/text.h"

namespace shadowscale {

namespace {

bool parseInt(std::string_view s, long long& out) {
  if (s.empty()) {
    return false;
  }
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && p == end;
}

bool parseFixed(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) {
    return false;
  }
  long long v = 0;
  if (!parseInt(s.substr(pos, len), v)) {
    return false;
  }
  out = static_cast<int>(v);
  return true;
}

// Parses "YYYY-MM-DD HH:MM[:SS]" (or with 'T') as local time, or integer unix seconds; returns
// unix ns. Leaves `why` set when it fails.
bool parseTime(std::string_view s, TimeNs utc_offset, TimeNs& out, std::string& why) {
  long long unix_seconds = 0;
  if (parseInt(s, unix_seconds)) {
    out = unix_seconds * kSecond;
    return true;
  }
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  const bool shape = s.size() >= 16 && s[4] == '-' && s[7] == '-' &&
                     (s[10] == ' ' || s[10] == 'T') && s[13] == ':';
  if (!shape || !parseFixed(s, 0, 4, year) || !parseFixed(s, 5, 2, month) ||
      !parseFixed(s, 8, 2, day) || !parseFixed(s, 11, 2, hour) || !parseFixed(s, 14, 2, minute)) {
    why = "expected YYYY-MM-DD HH:MM:SS or unix seconds, got '" + std::string(s) + "'";
    return false;
  }
  if (s.size() > 16) {
    if (s.size() != 19 || s[16] != ':' || !parseFixed(s, 17, 2, second)) {
      why = "expected YYYY-MM-DD HH:MM:SS, got '" + std::string(s) + "'";
      return false;
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    why = "date or time out of range in '" + std::string(s) + "'";
    return false;
  }
  const TimeNs local =
      daysFromCivil(year, month, day) * kDay + hour * kHour + minute * kMinute + second * kSecond;
  out = local - utc_offset;
  return true;
}

// Floors `t` to a multiple of `step` in local time, so buckets start at local :00, :05, ...
TimeNs floorLocal(TimeNs t, TimeNs step, TimeNs utc_offset) {
  const TimeNs local = t + utc_offset;
  TimeNs q = local / step;
  if (local % step < 0) {
    --q;
  }
  return q * step - utc_offset;
}

struct Row {
  TimeNs t;
  double count;
  int line;
};

// Flags the buckets of long runs of consecutive zero-count rows (see zero_run_missing).
void flagZeroRuns(const std::vector<Row>& rows, TimeNs first, const SeriesReadOptions& options,
                  CountSeries& s) {
  std::size_t i = 0;
  while (i < rows.size()) {
    if (rows[i].count != 0) {
      ++i;
      continue;
    }
    std::size_t j = i;  // the run is rows[i..j], with no gap in the rows between them
    while (j + 1 < rows.size() && rows[j + 1].count == 0 &&
           rows[j + 1].t - rows[j].t == s.row_interval) {
      ++j;
    }
    const TimeNs end = rows[j].t + s.row_interval;
    if (end - rows[i].t >= options.zero_run_missing) {
      SeriesGap g;
      g.zero_run = true;
      g.first_missing = rows[i].t;
      g.resumes = end;
      g.line = j + 1 < rows.size() ? rows[j + 1].line : rows[j].line + 1;
      g.first_bucket = static_cast<std::size_t>((rows[i].t - first) / options.bucket);
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
    throw std::invalid_argument("bucket length must be positive");
  }
  std::vector<Row> rows;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const std::string_view text = trimBlanks(line);
    if (text.empty() || text.front() == '#') {
      continue;
    }
    const std::size_t comma = text.find(',');
    if (comma == std::string_view::npos) {
      throw InputError::at(name, line_no, "", "expected 'time,count'");
    }
    const std::string_view time_text = trimBlanks(text.substr(0, comma));
    std::string_view count_text = trimBlanks(text.substr(comma + 1));
    if (count_text.find(',') != std::string_view::npos) {
      throw InputError::at(name, line_no, "", "expected two fields 'time,count', found more");
    }
    TimeNs t = 0;
    std::string why;
    if (!parseTime(time_text, options.utc_offset, t, why)) {
      if (rows.empty() && line_no == 1) {
        continue;  // a header
      }
      throw InputError::at(name, line_no, "time", why);
    }
    double count = 0;
    const char* end = count_text.data() + count_text.size();
    auto [p, ec] = std::from_chars(count_text.data(), end, count);
    if (count_text.empty() || ec != std::errc() || p != end || !std::isfinite(count)) {
      throw InputError::at(name, line_no, "count",
                           "not a number: '" + std::string(count_text) + "'");
    }
    if (count < 0) {
      throw InputError::at(name, line_no, "count", "negative count " + std::string(count_text));
    }
    if (!rows.empty() && t <= rows.back().t) {
      throw InputError::at(name, line_no, "time",
                           "not after the previous row (line " + std::to_string(rows.back().line) +
                               "): rows must be in increasing time order");
    }
    rows.push_back({t, count, line_no});
  }
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
    s.row_interval = std::min(s.row_interval, rows[i].t - rows[i - 1].t);
  }
  if (s.row_interval > options.bucket || options.bucket % s.row_interval != 0) {
    throw InputError::at(name, 0, "time",
                         "rows are " + std::to_string(s.row_interval / kSecond) +
                             " s apart, which does not divide the bucket of " +
                             std::to_string(options.bucket / kSecond) + " s");
  }
  const std::size_t per_bucket = static_cast<std::size_t>(options.bucket / s.row_interval);
  const TimeNs first = floorLocal(rows.front().t, options.bucket, options.utc_offset);
  const std::size_t n_buckets =
      static_cast<std::size_t>((rows.back().t - first) / options.bucket) + 1;
  std::vector<double> sums(n_buckets, 0.0);
  std::vector<std::size_t> counts(n_buckets, 0);
  for (const Row& r : rows) {
    const auto b = static_cast<std::size_t>((r.t - first) / options.bucket);
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
    if (rows[i].t - rows[i - 1].t > s.row_interval) {
      SeriesGap g;
      g.first_missing = rows[i - 1].t + s.row_interval;
      g.resumes = rows[i].t;
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

TimeNs parseUtcOffset(std::string_view text) {
  std::string_view s = trimBlanks(text);
  if (s == "0" || s == "Z" || s == "UTC") {
    return 0;
  }
  int sign = 1;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    sign = s.front() == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  long long hours = 0, minutes = 0;
  const std::size_t h = s.find('h');
  const std::size_t colon = s.find(':');
  bool ok = false;
  if (h != std::string_view::npos) {
    ok = parseInt(s.substr(0, h), hours);
    std::string_view rest = s.substr(h + 1);
    if (ok && !rest.empty()) {
      ok = rest.back() == 'm' && parseInt(rest.substr(0, rest.size() - 1), minutes);
    }
  } else if (colon != std::string_view::npos) {
    ok = parseInt(s.substr(0, colon), hours) && parseInt(s.substr(colon + 1), minutes);
  } else if (s.size() == 4) {
    ok = parseInt(s.substr(0, 2), hours) && parseInt(s.substr(2), minutes);
  }
  if (!ok || hours < 0 || hours > 14 || minutes < 0 || minutes > 59) {
    throw std::invalid_argument("expected a UTC offset like -4h, +5h30m or -04:00, got '" +
                                std::string(text) + "'");
  }
  return sign * (hours * kHour + minutes * kMinute);
}

std::string formatCivil(const CivilTime& c) {
  char buf[32];
  const auto minutes = static_cast<int>(c.time_of_day / kMinute);
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day, minutes / 60,
                minutes % 60);
  return buf;
}

std::string formatUtcOffset(TimeNs offset) {
  const char sign = offset < 0 ? '-' : '+';
  const auto minutes = static_cast<int>((offset < 0 ? -offset : offset) / kMinute);
  char buf[16];
  std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", sign, minutes / 60, minutes % 60);
  return buf;
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
