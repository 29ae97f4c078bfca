#include "replay/count_csv_source.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "core/calendar.h"
#include "core/input_error.h"
#include "core/sampling.h"
#include "core/text.h"

namespace shadowscale {
namespace {

// Rows bigger than this are spread over equal sub-intervals with equal shares, so the buffer of
// positions (8 bytes an arrival) stays small whatever the rate multiplier.
constexpr std::size_t kMaxChunk = 1 << 16;
// Diffs looked at to detect the interval.
constexpr std::size_t kIntervalProbeRows = 1000;
// Years whose nanosecond timestamps fit in 64 bits.
constexpr int kMinYear = 1678;
constexpr int kMaxYear = 2261;

std::string_view unquote(std::string_view s) {
  s = trimBlanks(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    s = trimBlanks(s.substr(1, s.size() - 2));
  }
  return s;
}

// A non-negative or negative finite decimal number, the whole field.
bool parseNumber(std::string_view s, double& v) {
  if (s.empty()) {
    return false;
  }
  if (s.front() == '+') {
    s.remove_prefix(1);
  }
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(v);
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

// Reads between min_digits and max_digits decimal digits at text[pos].
bool readInt(std::string_view text, std::size_t& pos, int min_digits, int max_digits, int& v) {
  int n = 0;
  v = 0;
  while (n < max_digits && pos < text.size() && isDigit(text[pos])) {
    v = v * 10 + (text[pos] - '0');
    ++pos;
    ++n;
  }
  return n >= min_digits;
}

// Reads a fraction of a second (the digits after the point) as nanoseconds.
bool readFraction(std::string_view text, std::size_t& pos, TimeNs& ns) {
  int n = 0;
  ns = 0;
  TimeNs scale = kSecond;
  while (pos < text.size() && isDigit(text[pos])) {
    if (n < 9) {
      scale /= 10;
      ns += (text[pos] - '0') * scale;
    }
    ++pos;
    ++n;
  }
  return n > 0;
}

// Reads "Z", "+hh", "+hhmm" or "+hh:mm" (or with '-') as an offset from UTC.
bool readZone(std::string_view text, std::size_t& pos, TimeNs& offset) {
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
    offset = 0;
    return true;
  }
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) {
    return false;
  }
  const bool negative = text[pos] == '-';
  ++pos;
  int hours = 0;
  int minutes = 0;
  if (!readInt(text, pos, 2, 2, hours)) {
    return false;
  }
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!readInt(text, pos, 2, 2, minutes)) {
      return false;
    }
  } else if (pos < text.size() && isDigit(text[pos])) {
    if (!readInt(text, pos, 2, 2, minutes)) {
      return false;
    }
  }
  if (hours > 23 || minutes > 59) {
    return false;
  }
  offset = (negative ? -1 : 1) * (hours * kHour + minutes * kMinute);
  return true;
}

int daysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Fields of a civil time as read, before checking and conversion.
struct CivilFields {
  int year = 1970;
  int month = 1;
  int day = 1;
  int day_of_year = 0;  // 1-based when given by %j
  int hour = 0;
  int minute = 0;
  int second = 0;
  TimeNs fraction = 0;
  bool has_zone = false;
  TimeNs zone = 0;
};

// Checks the fields and turns them into UTC unix ns; local times are at `utc_offset`.
bool civilToUnix(const CivilFields& c, TimeNs utc_offset, TimeNs& unix_ns, std::string& error) {
  if (c.year < kMinYear || c.year > kMaxYear) {
    error = "year " + std::to_string(c.year) + " is out of range (" + std::to_string(kMinYear) +
            ".." + std::to_string(kMaxYear) + ")";
    return false;
  }
  std::int64_t days = 0;
  if (c.day_of_year > 0) {
    const int year_days = daysInMonth(c.year, 2) == 29 ? 366 : 365;
    if (c.day_of_year > year_days) {
      error = "day of year " + std::to_string(c.day_of_year) + " is out of range";
      return false;
    }
    days = daysFromCivil(c.year, 1, 1) + c.day_of_year - 1;
  } else {
    if (c.month < 1 || c.month > 12) {
      error = "month " + std::to_string(c.month) + " is out of range";
      return false;
    }
    if (c.day < 1 || c.day > daysInMonth(c.year, c.month)) {
      error = "day " + std::to_string(c.day) + " is out of range";
      return false;
    }
    days = daysFromCivil(c.year, c.month, c.day);
  }
  if (c.hour > 23) {
    error = "hour " + std::to_string(c.hour) + " is out of range";
    return false;
  }
  if (c.minute > 59) {
    error = "minute " + std::to_string(c.minute) + " is out of range";
    return false;
  }
  if (c.second > 59) {
    error = "second " + std::to_string(c.second) + " is out of range";
    return false;
  }
  const TimeNs local =
      days * kDay + c.hour * kHour + c.minute * kMinute + c.second * kSecond + c.fraction;
  unix_ns = local - (c.has_zone ? c.zone : utc_offset);
  return true;
}

// "YYYY-MM-DD<sep>HH:MM[:SS[.fff]][zone]".
bool parseIsoLike(std::string_view text, char separator, TimeNs utc_offset, TimeNs& unix_ns,
                  std::string& error) {
  CivilFields c;
  std::size_t pos = 0;
  const auto expect = [&](char ch) {
    if (pos < text.size() && text[pos] == ch) {
      ++pos;
      return true;
    }
    return false;
  };
  const bool shape_ok =
      readInt(text, pos, 4, 4, c.year) && expect('-') && readInt(text, pos, 2, 2, c.month) &&
      expect('-') && readInt(text, pos, 2, 2, c.day) && expect(separator) &&
      readInt(text, pos, 2, 2, c.hour) && expect(':') && readInt(text, pos, 2, 2, c.minute);
  if (!shape_ok) {
    error = "expected YYYY-MM-DD" + std::string(separator == 'T' ? "T" : " ") + "HH:MM:SS";
    return false;
  }
  if (expect(':')) {
    if (!readInt(text, pos, 2, 2, c.second)) {
      error = "expected two digits of seconds";
      return false;
    }
    if (expect('.') && !readFraction(text, pos, c.fraction)) {
      error = "expected digits after the decimal point";
      return false;
    }
  }
  if (pos < text.size()) {
    if (!readZone(text, pos, c.zone) || pos != text.size()) {
      error = "unexpected text after the time";
      return false;
    }
    c.has_zone = true;
  }
  return civilToUnix(c, utc_offset, unix_ns, error);
}

// Digits with an optional fraction, in units of `unit` ns since the unix epoch.
bool parseUnix(std::string_view text, TimeNs unit, TimeNs& unix_ns, std::string& error) {
  std::size_t pos = 0;
  std::int64_t whole = 0;
  int digits = 0;
  while (pos < text.size() && isDigit(text[pos])) {
    if (digits >= 18) {
      error = "number too large";
      return false;
    }
    whole = whole * 10 + (text[pos] - '0');
    ++pos;
    ++digits;
  }
  if (digits == 0) {
    error = "expected a unix timestamp";
    return false;
  }
  TimeNs fraction = 0;  // of one unit, in ns of a second
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    if (!readFraction(text, pos, fraction)) {
      error = "expected digits after the decimal point";
      return false;
    }
  }
  if (pos != text.size()) {
    error = "unexpected text in a unix timestamp";
    return false;
  }
  if (whole > std::numeric_limits<TimeNs>::max() / unit - 1) {
    error = "timestamp out of range";
    return false;
  }
  // fraction is in billionths of one unit.
  unix_ns = whole * unit +
            static_cast<TimeNs>(static_cast<double>(fraction) / 1e9 * static_cast<double>(unit));
  return true;
}

// Replaces the composite directives %T and %F by their parts.
std::string expandFormat(std::string_view format) {
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%' && i + 1 < format.size()) {
      const char d = format[i + 1];
      if (d == 'T') {
        out += "%H:%M:%S";
        ++i;
        continue;
      }
      if (d == 'F') {
        out += "%Y-%m-%d";
        ++i;
        continue;
      }
      out += '%';
      out += d;
      ++i;
      continue;
    }
    out += format[i];
  }
  return out;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Reads an English month name (full when `full`, else its first three letters).
bool readMonthName(std::string_view text, std::size_t& pos, bool full, int& month) {
  static constexpr std::string_view kMonths[] = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};
  for (int m = 0; m < 12; ++m) {
    const std::string_view name = full ? kMonths[m] : kMonths[m].substr(0, 3);
    if (pos + name.size() <= text.size() && equalsIgnoreCase(text.substr(pos, name.size()), name)) {
      pos += name.size();
      month = m + 1;
      return true;
    }
  }
  return false;
}

// A duration for messages: "1 min", "30 s", "250 ms", "1.5 s".
std::string formatDuration(TimeNs d) {
  struct Unit {
    TimeNs ns;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{kDay, "d"},        {kHour, "h"},         {kMinute, "min"},
                                    {kSecond, "s"},     {kMillisecond, "ms"}, {kMicrosecond, "us"},
                                    {kNanosecond, "ns"}};
  for (const Unit& u : kUnits) {
    if (d != 0 && d % u.ns == 0) {
      return std::to_string(d / u.ns) + " " + u.name;
    }
  }
  if (d == 0) {
    return "0 s";
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g s", toSeconds(d));
  return buf;
}

// a * b / c without overflowing the product.
std::uint64_t mulDiv(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  return static_cast<std::uint64_t>(static_cast<unsigned __int128>(a) * b / c);
}

// One row as read, before the interval is known.
struct RawRow {
  TimeNs unix_ns = 0;
  double count = 0;
  int line = 0;
};

// True when `text` reads as a time in the given format or in one of the detected ones.
bool looksLikeTime(std::string_view text, const CountCsvSpec& spec) {
  TimeNs unix_ns = 0;
  std::string error;
  if (!spec.time_format.empty()) {
    return parseTimeWithFormat(text, spec.time_format, spec.utc_offset, unix_ns, error);
  }
  return parseUnix(text, kSecond, unix_ns, error) ||
         parseIsoLike(text, ' ', spec.utc_offset, unix_ns, error) ||
         parseIsoLike(text, 'T', spec.utc_offset, unix_ns, error);
}

}  // namespace

std::string_view countTimeFormatName(CountTimeFormat f) {
  switch (f) {
    case CountTimeFormat::kCivil:
      return "YYYY-MM-DD HH:MM:SS";
    case CountTimeFormat::kIso8601:
      return "ISO 8601 (YYYY-MM-DDTHH:MM:SS[Z|+hh:mm])";
    case CountTimeFormat::kUnixSeconds:
      return "unix seconds";
    case CountTimeFormat::kUnixMillis:
      return "unix milliseconds";
    case CountTimeFormat::kCustom:
      return "the given time_format";
  }
  return "unknown";
}

std::string checkTimeFormat(std::string_view format) {
  if (format.empty()) {
    return "the format is empty";
  }
  const std::string expanded = expandFormat(format);
  static constexpr std::string_view kSupported = "YymdeHIpMSfszbhBj%";
  for (std::size_t i = 0; i < expanded.size(); ++i) {
    if (expanded[i] != '%') {
      continue;
    }
    if (i + 1 >= expanded.size()) {
      return "the format ends with a lone %";
    }
    if (kSupported.find(expanded[i + 1]) == std::string_view::npos) {
      return std::string("unsupported directive %") + expanded[i + 1] +
             " (supported: %Y %y %m %d %e %H %I %p %M %S %f %s %z %b %h %B %j %T %F %%)";
    }
    ++i;
  }
  return {};
}

bool parseTimeWithFormat(std::string_view text, std::string_view format, TimeNs utc_offset,
                         TimeNs& unix_ns, std::string& error) {
  const std::string fmt = expandFormat(format);
  CivilFields c;
  bool twelve_hour = false;
  bool pm = false;
  bool has_unix = false;
  TimeNs unix_value = 0;
  std::size_t pos = 0;
  const auto fail = [&](const std::string& what) {
    error = what + " at character " + std::to_string(pos + 1);
    return false;
  };
  for (std::size_t j = 0; j < fmt.size(); ++j) {
    const char f = fmt[j];
    if (f == ' ' || f == '\t') {
      while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) {
        ++pos;
      }
      continue;
    }
    if (f != '%') {
      if (pos >= text.size() || text[pos] != f) {
        return fail(std::string("expected '") + f + "'");
      }
      ++pos;
      continue;
    }
    if (j + 1 >= fmt.size()) {
      return fail("the format ends with a lone %");
    }
    const char d = fmt[++j];
    bool ok = true;
    switch (d) {
      case 'Y':
        ok = readInt(text, pos, 4, 4, c.year);
        break;
      case 'y': {
        int y = 0;
        ok = readInt(text, pos, 2, 2, y);
        c.year = y < 69 ? 2000 + y : 1900 + y;  // the POSIX pivot
        break;
      }
      case 'm':
        ok = readInt(text, pos, 1, 2, c.month);
        break;
      case 'e':
        while (pos < text.size() && text[pos] == ' ') {
          ++pos;
        }
        ok = readInt(text, pos, 1, 2, c.day);
        break;
      case 'd':
        ok = readInt(text, pos, 1, 2, c.day);
        break;
      case 'j':
        ok = readInt(text, pos, 1, 3, c.day_of_year) && c.day_of_year >= 1;
        break;
      case 'H':
        ok = readInt(text, pos, 1, 2, c.hour);
        break;
      case 'I':
        ok = readInt(text, pos, 1, 2, c.hour) && c.hour >= 1 && c.hour <= 12;
        twelve_hour = true;
        break;
      case 'p':
        if (pos + 2 <= text.size() && equalsIgnoreCase(text.substr(pos, 2), "PM")) {
          pm = true;
        } else if (!(pos + 2 <= text.size() && equalsIgnoreCase(text.substr(pos, 2), "AM"))) {
          ok = false;
        }
        pos += ok ? 2 : 0;
        break;
      case 'M':
        ok = readInt(text, pos, 1, 2, c.minute);
        break;
      case 'S':
        ok = readInt(text, pos, 1, 2, c.second);
        break;
      case 'f':
        ok = readFraction(text, pos, c.fraction);
        break;
      case 's': {
        std::size_t end = pos;
        while (end < text.size() && (isDigit(text[end]) || text[end] == '.')) {
          ++end;
        }
        std::string unix_error;
        ok = parseUnix(text.substr(pos, end - pos), kSecond, unix_value, unix_error);
        pos = end;
        has_unix = true;
        break;
      }
      case 'z':
        ok = readZone(text, pos, c.zone);
        c.has_zone = true;
        break;
      case 'b':
      case 'h':
        ok = readMonthName(text, pos, false, c.month);
        break;
      case 'B':
        ok = readMonthName(text, pos, true, c.month);
        break;
      case '%':
        ok = pos < text.size() && text[pos] == '%';
        pos += ok ? 1 : 0;
        break;
      default:
        error = std::string("unsupported directive %") + d;
        return false;
    }
    if (!ok) {
      return fail(std::string("does not match %") + d);
    }
  }
  if (pos != text.size()) {
    return fail("unexpected text");
  }
  if (has_unix) {
    unix_ns = unix_value;
    return true;
  }
  if (twelve_hour) {
    c.hour = (c.hour % 12) + (pm ? 12 : 0);
  }
  return civilToUnix(c, utc_offset, unix_ns, error);
}

CountCsvSource::CountCsvSource(const CountCsvSpec& spec, TimeNs duration, Rng rng)
    : path_(spec.path), multiplier_(spec.rate_multiplier), rng_(rng) {
  if (spec.path.empty()) {
    throw std::invalid_argument("count_csv.path: no file given");
  }
  if (!std::isfinite(spec.rate_multiplier) || spec.rate_multiplier < 0) {
    throw std::invalid_argument("count_csv.rate_multiplier: must be a finite number >= 0, got " +
                                std::to_string(spec.rate_multiplier));
  }
  if (!std::isfinite(spec.loop) || spec.loop < 1) {
    throw std::invalid_argument("count_csv.loop: must be a number >= 1, got " +
                                std::to_string(spec.loop));
  }
  if (spec.interval < 0) {
    throw std::invalid_argument("count_csv.interval: must not be negative");
  }
  if (spec.has_header < -1 || spec.has_header > 1) {
    throw std::invalid_argument("count_csv.has_header: must be -1 (detect), 0 or 1");
  }
  if (duration < 0) {
    throw std::invalid_argument("traffic.duration: must not be negative");
  }
  if (!spec.time_format.empty()) {
    const std::string problem = checkTimeFormat(spec.time_format);
    if (!problem.empty()) {
      throw std::invalid_argument("count_csv.time_format: " + problem);
    }
  }
  load(spec);

  const double passes = spec.loop * static_cast<double>(series_length_);
  if (passes >= 9.0e18) {
    throw std::invalid_argument("count_csv.loop: " + std::to_string(spec.loop) +
                                " passes of the series overflow the run's time range");
  }
  data_end_ = spec.loop == std::floor(spec.loop) ? static_cast<TimeNs>(spec.loop) * series_length_
                                                 : static_cast<TimeNs>(passes);
  duration_ = duration > 0 ? duration : data_end_;
  buildGaps();

  double largest = 0;
  for (double c : counts_) {
    largest = std::max(largest, c);
  }
  if (largest * multiplier_ > 1e15) {
    throw std::invalid_argument("count_csv.rate_multiplier: " + std::to_string(multiplier_) +
                                " makes a row of more than 1e15 requests");
  }
  // Sized once, so drawing a row never allocates.
  const double largest_row = std::floor(largest * multiplier_) + 2.0;
  positions_.resize(static_cast<std::size_t>(std::min<double>(largest_row, kMaxChunk)));
}

void CountCsvSource::load(const CountCsvSpec& spec) {
  std::ifstream in(path_, std::ios::binary);
  if (!in) {
    throw InputError::at(path_, 0, "",
                         std::string("cannot open the file: ") + std::strerror(errno));
  }
  if (!spec.time_format.empty()) {
    format_ = CountTimeFormat::kCustom;
  }
  bool format_known = !spec.time_format.empty();
  std::vector<RawRow> rows;
  std::string line;
  int line_no = 0;
  bool first_row = true;
  std::string error;
  while (std::getline(in, line)) {
    ++line_no;
    std::string_view text = line;
    if (line_no == 1 && text.starts_with("\xEF\xBB\xBF")) {
      text.remove_prefix(3);  // a UTF-8 byte-order mark, as spreadsheets write
    }
    text = trimBlanks(text);
    if (text.empty()) {
      continue;
    }
    const std::size_t comma = text.find(',');
    const std::size_t columns =
        1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), ','));
    if (columns != 2) {
      throw InputError::at(
          path_, line_no, "columns",
          "expected 2 columns (timestamp,count), found " + std::to_string(columns));
    }
    const std::string_view time_text = unquote(text.substr(0, comma));
    const std::string_view count_text = unquote(text.substr(comma + 1));
    double count = 0;
    const bool count_ok = parseNumber(count_text, count);
    if (first_row) {
      first_row = false;
      // A first row is a header when its count is not a number, unless its timestamp reads
      // as a time: then it is a bad data row, reported below rather than skipped.
      had_header_ = spec.has_header == 1 ||
                    (spec.has_header == -1 && !count_ok && !looksLikeTime(time_text, spec));
      if (had_header_) {
        continue;
      }
    }
    if (!count_ok) {
      throw InputError::at(path_, line_no, "count",
                           "'" + std::string(count_text) + "' is not a number");
    }
    if (count < 0) {
      throw InputError::at(path_, line_no, "count", "negative count " + std::string(count_text));
    }

    if (!format_known) {
      // The first data row decides the format; every later row must share it.
      const bool numeric =
          !time_text.empty() && std::all_of(time_text.begin(), time_text.end(),
                                            [](char ch) { return isDigit(ch) || ch == '.'; });
      if (numeric) {
        const std::size_t whole_digits = std::min(time_text.find('.'), time_text.size());
        // 12 or more digits of seconds would be after the year 5000: milliseconds.
        format_ = whole_digits >= 12 ? CountTimeFormat::kUnixMillis : CountTimeFormat::kUnixSeconds;
      } else if (time_text.size() > 10 && time_text[10] == 'T') {
        format_ = CountTimeFormat::kIso8601;
      } else if (time_text.size() > 10 && time_text[10] == ' ') {
        format_ = CountTimeFormat::kCivil;
      } else {
        throw InputError::at(path_, line_no, "timestamp",
                             "cannot tell the format of '" + std::string(time_text) +
                                 "' (detected: YYYY-MM-DD HH:MM:SS, YYYY-MM-DDTHH:MM:SS[Z|+hh:mm]"
                                 ", unix seconds, unix milliseconds); set time_format");
      }
      format_known = true;
    }
    TimeNs unix_ns = 0;
    bool ok = false;
    switch (format_) {
      case CountTimeFormat::kCivil:
        ok = parseIsoLike(time_text, ' ', spec.utc_offset, unix_ns, error);
        break;
      case CountTimeFormat::kIso8601:
        ok = parseIsoLike(time_text, 'T', spec.utc_offset, unix_ns, error);
        break;
      case CountTimeFormat::kUnixSeconds:
        ok = parseUnix(time_text, kSecond, unix_ns, error);
        break;
      case CountTimeFormat::kUnixMillis:
        ok = parseUnix(time_text, kMillisecond, unix_ns, error);
        break;
      case CountTimeFormat::kCustom:
        ok = parseTimeWithFormat(time_text, spec.time_format, spec.utc_offset, unix_ns, error);
        break;
    }
    if (!ok) {
      const std::string expected = format_ == CountTimeFormat::kCustom
                                       ? "time_format \"" + spec.time_format + "\""
                                       : std::string(countTimeFormatName(format_));
      throw InputError::at(
          path_, line_no, "timestamp",
          "'" + std::string(time_text) + "' is not a valid time in " + expected + ": " + error);
    }
    if (!rows.empty() && unix_ns <= rows.back().unix_ns) {
      throw InputError::at(path_, line_no, "timestamp",
                           "'" + std::string(time_text) +
                               "' is not after the previous row's time (line " +
                               std::to_string(rows.back().line) + ")");
    }
    rows.push_back({unix_ns, count, line_no});
  }
  if (in.bad()) {
    throw InputError::at(path_, line_no, "", "read error");
  }
  if (rows.empty()) {
    throw InputError::at(path_, line_no, "", "the file has no data rows");
  }

  if (spec.interval > 0) {
    interval_ = spec.interval;
  } else if (rows.size() < 2) {
    throw InputError::at(path_, rows.front().line, "",
                         "one row is not enough to detect the interval; set interval");
  } else {
    // The most common difference among the first rows; on a tie, the shortest.
    std::vector<TimeNs> diffs;
    for (std::size_t i = 1; i < rows.size() && i <= kIntervalProbeRows; ++i) {
      diffs.push_back(rows[i].unix_ns - rows[i - 1].unix_ns);
    }
    std::sort(diffs.begin(), diffs.end());
    std::size_t best_run = 0;
    for (std::size_t i = 0; i < diffs.size();) {
      std::size_t j = i;
      while (j < diffs.size() && diffs[j] == diffs[i]) {
        ++j;
      }
      if (j - i > best_run) {
        best_run = j - i;
        interval_ = diffs[i];
      }
      i = j;
    }
  }

  starts_.reserve(rows.size());
  counts_.reserve(rows.size());
  const TimeNs first = rows.front().unix_ns;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) {
      const TimeNs diff = rows[i].unix_ns - rows[i - 1].unix_ns;
      if (diff < interval_) {
        throw InputError::at(path_, rows[i].line, "timestamp",
                             "only " + formatDuration(diff) + " after the previous row (line " +
                                 std::to_string(rows[i - 1].line) + "), but rows are " +
                                 formatDuration(interval_) + " apart; set interval if the " +
                                 "detected one is wrong");
      }
    }
    starts_.push_back(rows[i].unix_ns - first);
    counts_.push_back(rows[i].count);
    total_count_ += rows[i].count;
  }
  epoch_ = first + spec.time_offset;
  series_length_ = starts_.back() + interval_;
}

void CountCsvSource::buildGaps() {
  std::vector<TrafficGap> inner;
  for (std::size_t i = 1; i < starts_.size(); ++i) {
    const TimeNs end_of_previous = starts_[i - 1] + interval_;
    if (starts_[i] > end_of_previous) {
      inner.push_back({end_of_previous, starts_[i]});
    }
  }
  const TimeNs end = std::min(duration_, data_end_);
  for (TimeNs offset = 0; offset < end; offset += series_length_) {
    for (const TrafficGap& g : inner) {
      if (g.start + offset >= end) {
        break;
      }
      gaps_.push_back({g.start + offset, std::min(g.end + offset, end)});
    }
  }
  if (duration_ > data_end_) {
    // Asked to run past the data: say so rather than pretend the traffic stopped.
    if (!gaps_.empty() && gaps_.back().end >= data_end_) {
      gaps_.back().end = duration_;
    } else {
      gaps_.push_back({data_end_, duration_});
    }
  }
}

bool CountCsvSource::fillNextRow() {
  const TimeNs end = std::min(duration_, data_end_);
  for (;;) {
    if (!started_) {
      started_ = true;
    } else if (++row_ == starts_.size()) {
      row_ = 0;
      ++pass_;
    }
    const TimeNs start = pass_ * series_length_ + starts_[row_];
    if (start >= end) {
      exhausted_ = true;
      return false;
    }
    // Fractions are carried to the next row: the totals match the file times the multiplier
    // (up to one request), with no randomness added to the counts.
    const double expected = counts_[row_] * multiplier_ + carry_;
    const double whole = std::floor(expected + 1e-9);
    carry_ = expected - whole;
    if (whole < 1.0) {
      continue;
    }
    row_start_ = start;
    row_total_ = static_cast<std::uint64_t>(whole);
    chunks_ = (row_total_ + kMaxChunk - 1) / kMaxChunk;
    chunk_ = 0;
    fillChunk();
    return true;
  }
}

void CountCsvSource::fillChunk() {
  // Equal shares over equal sub-intervals (only rows over kMaxChunk have more than one).
  const std::uint64_t begin = mulDiv(row_total_, chunk_, chunks_);
  const std::uint64_t stop = mulDiv(row_total_, chunk_ + 1, chunks_);
  const auto length = static_cast<std::uint64_t>(interval_);
  const auto t0 = static_cast<TimeNs>(mulDiv(length, chunk_, chunks_));
  const auto t1 = static_cast<TimeNs>(mulDiv(length, chunk_ + 1, chunks_));
  const std::size_t n = static_cast<std::size_t>(stop - begin);
  if (positions_.size() < n) {
    positions_.resize(n);  // not reached: reserved for the largest row when loaded
  }
  // Sorted uniform points in O(n): the partial sums of n + 1 exponential spacings, divided by
  // their total, are distributed as n sorted uniforms.
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sum += fastExponential(rng_);
    positions_[i] = sum;
  }
  sum += fastExponential(rng_);
  chunk_start_ = row_start_ + t0;
  position_scale_ = static_cast<double>(t1 - t0) / sum;
  position_count_ = n;
  position_next_ = 0;
}

std::size_t CountCsvSource::next(TimeNs until, std::span<Request> out) {
  const TimeNs limit = std::min(until, duration_);
  std::size_t n = 0;
  while (n < out.size()) {
    if (position_next_ == position_count_) {
      if (exhausted_) {
        break;
      }
      if (chunk_ + 1 < chunks_) {
        ++chunk_;
        fillChunk();
      } else if (!fillNextRow()) {
        break;
      }
      continue;
    }
    // Locals for the chunk's loop: stores into `out` cannot alias them.
    const double* positions = positions_.data();
    const double scale = position_scale_;
    const TimeNs start = chunk_start_;
    const std::size_t count = position_count_;
    std::size_t i = position_next_;
    const std::size_t room = out.size() - n;
    const std::size_t stop = count - i < room ? count : i + room;
    Request* dst = out.data() + n;
    for (; i < stop; ++i) {
      const TimeNs t = start + static_cast<TimeNs>(positions[i] * scale);
      if (t >= limit) {
        break;
      }
      dst->arrival = t;
      dst->route = 0;
      dst->flags = 0;
      ++dst;
    }
    n = static_cast<std::size_t>(dst - out.data());
    const bool hit_limit = i < stop;
    position_next_ = i;
    if (hit_limit) {
      break;
    }
  }
  return n;
}

double CountCsvSource::expectedRate(TimeNs t) const {
  if (t < 0 || t >= std::min(duration_, data_end_)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const TimeNs within = t % series_length_;
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), within);
  const std::size_t row = static_cast<std::size_t>(it - starts_.begin()) - 1;
  if (within >= starts_[row] + interval_) {
    return std::numeric_limits<double>::quiet_NaN();  // in a gap
  }
  return counts_[row] * multiplier_ / toSeconds(interval_);
}

}  // namespace shadowscale
