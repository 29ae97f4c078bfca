#include "core/time_text.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <utility>

#include "core/input_error.h"

namespace shadowscale {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

[[noreturn]] void fail(const std::string& problem) {
  throw InputError(problem);
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

char lowerAscii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lowerAscii(a[i]) != lowerAscii(b[i])) {
      return false;
    }
  }
  return true;
}

// Printable text of a value for a message, kept short and free of control bytes.
std::string quoted(std::string_view s) {
  constexpr std::size_t kMax = 40;
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size() && i < kMax; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    out.push_back(c < 0x20 || c == 0x7F ? '?' : s[i]);
  }
  out += s.size() > kMax ? "...\"" : "\"";
  return out;
}

// A read position in a timestamp, with the readers the parsers share.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {}

  bool done() const { return pos_ == s_.size(); }
  std::size_t pos() const { return pos_; }
  std::string_view rest() const { return s_.substr(pos_); }
  char peek() const { return done() ? '\0' : s_[pos_]; }

  // Steps over `c` when it is next.
  bool skip(char c) {
    if (peek() == c && !done()) {
      ++pos_;
      return true;
    }
    return false;
  }

  void expect(char c, const char* where) {
    if (!skip(c)) {
      fail(std::string("expected '") + c + "' " + where + (done() ? ", found the end" : ""));
    }
  }

  // Exactly `count` digits, naming `what` when they are not there.
  int digits(int count, const char* what) {
    int value = 0;
    if (!readInt(count, count, value)) {
      fail("expected " + std::to_string(count) + " digits of the " + what);
    }
    return value;
  }

  // Between min and max digits; false (position unchanged) when fewer than min.
  bool readInt(int min_digits, int max_digits, int& value) {
    const std::size_t start = pos_;
    int v = 0;
    int n = 0;
    while (n < max_digits && !done() && isDigit(s_[pos_])) {
      v = v * 10 + (s_[pos_] - '0');
      ++pos_;
      ++n;
    }
    if (n < min_digits) {
      pos_ = start;
      return false;
    }
    value = v;
    return true;
  }

  // Digits after a decimal point as ns of a second; digits past the ninth are dropped.
  TimeNs fraction() {
    TimeNs ns = 0;
    TimeNs scale = kSecond;
    const std::size_t start = pos_;
    while (!done() && isDigit(s_[pos_])) {
      if (scale > 1) {
        scale /= 10;
        ns += (s_[pos_] - '0') * scale;
      }
      ++pos_;
    }
    if (pos_ == start) {
      fail("expected digits after the decimal point");
    }
    return ns;
  }

  // "Z", "+hh", "+hhmm" or "+hh:mm" (or with '-'); false when the next text is none of them.
  bool zone(TimeNs& offset) {
    if (peek() == 'Z' || peek() == 'z') {
      ++pos_;
      offset = 0;
      return true;
    }
    if (peek() != '+' && peek() != '-') {
      return false;
    }
    const bool negative = s_[pos_] == '-';
    ++pos_;
    int hours = 0;
    int minutes = 0;
    if (!readInt(2, 2, hours)) {
      fail("expected two digits of zone hours after the sign");
    }
    if (skip(':')) {
      minutes = digits(2, "zone minutes");
    } else if (!done() && isDigit(peek())) {
      minutes = digits(2, "zone minutes");
    }
    if (minutes > 59) {
      fail("zone minutes " + std::to_string(minutes) + " are out of range (00 to 59)");
    }
    offset = (negative ? -1 : 1) * (hours * kHour + minutes * kMinute);
    if (offset < -kMaxUtcOffset || offset > kMaxUtcOffset) {
      fail("zone " + formatUtcOffset(offset) + " is out of range (-18:00 to +18:00)");
    }
    return true;
  }

  // An English month name, full or its first three letters, in any case.
  bool monthName(bool full, int& month) {
    for (std::size_t m = 0; m < kMonthNames.size(); ++m) {
      const std::string_view name = full ? kMonthNames[m] : kMonthNames[m].substr(0, 3);
      if (s_.size() - pos_ >= name.size() && equalsIgnoreCase(s_.substr(pos_, name.size()), name)) {
        pos_ += name.size();
        month = static_cast<int>(m) + 1;
        return true;
      }
    }
    return false;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

// Reads "HH:MM[:SS[.fff]]" into `c`.
void readClock(Scanner& in, CivilFields& c) {
  c.hour = in.digits(2, "hour");
  in.expect(':', "after the hour");
  c.minute = in.digits(2, "minute");
  if (in.skip(':')) {
    c.second = in.digits(2, "second");
    if (in.skip('.') || in.skip(',')) {
      c.fraction = in.fraction();
    }
  }
}

// Digits then a unit count for parseUtcOffset's "5h30m" form; false when the text is not of it.
bool readHoursMinutes(std::string_view rest, TimeNs& total) {
  total = 0;
  std::size_t i = 0;
  bool any = false;
  int last_unit = 0;  // 2 after hours, 1 after minutes: each once, hours first
  while (i < rest.size()) {
    std::int64_t v = 0;
    const std::size_t start = i;
    while (i < rest.size() && isDigit(rest[i]) && i - start < 6) {
      v = v * 10 + (rest[i] - '0');
      ++i;
    }
    if (i == start || i == rest.size()) {
      return false;
    }
    const char unit = rest[i++];
    const int rank = unit == 'h' ? 2 : unit == 'm' ? 1 : 0;
    if (rank == 0 || (last_unit != 0 && rank >= last_unit)) {
      return false;
    }
    last_unit = rank;
    total += v * (unit == 'h' ? kHour : kMinute);
    any = true;
  }
  return any;
}

// Expands the composite directives %T and %F into their parts.
std::string expandFormat(std::string_view format) {
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%' && i + 1 < format.size()) {
      const char d = format[++i];
      out += d == 'T' ? "%H:%M:%S" : d == 'F' ? "%Y-%m-%d" : std::string{'%', d};
      continue;
    }
    out += format[i];
  }
  return out;
}

// State of one parseTimeWithFormat call beyond the civil fields.
struct FormatState {
  CivilFields c;
  bool twelve_hour = false;
  bool pm = false;
  std::optional<TimeNs> unix_ns;  // set by %s
};

// Reads directive `d` of a format at the scanner; false when the text does not match it.
bool readDirective(char d, Scanner& in, FormatState& st) {
  CivilFields& c = st.c;
  switch (d) {
    case 'Y':
      return in.readInt(4, 4, c.year);
    case 'y': {
      int y = 0;
      if (!in.readInt(2, 2, y)) {
        return false;
      }
      c.year = y < 69 ? 2000 + y : 1900 + y;  // the POSIX pivot
      return true;
    }
    case 'm':
      return in.readInt(1, 2, c.month);
    case 'e':
      while (in.skip(' ')) {
      }
      return in.readInt(1, 2, c.day);
    case 'd':
      return in.readInt(1, 2, c.day);
    case 'j':
      return in.readInt(1, 3, c.day_of_year) && c.day_of_year >= 1;
    case 'H':
      return in.readInt(1, 2, c.hour);
    case 'I':
      st.twelve_hour = true;
      return in.readInt(1, 2, c.hour) && c.hour >= 1 && c.hour <= 12;
    case 'p': {
      const std::string_view r = in.rest().substr(0, 2);
      st.pm = equalsIgnoreCase(r, "PM");
      if (!st.pm && !equalsIgnoreCase(r, "AM")) {
        return false;
      }
      in.skip(r[0]);
      in.skip(r[1]);
      return true;
    }
    case 'M':
      return in.readInt(1, 2, c.minute);
    case 'S':
      return in.readInt(1, 2, c.second);
    case 'f':
      if (!isDigit(in.peek())) {
        return false;
      }
      c.fraction = in.fraction();
      return true;
    case 's': {
      std::size_t n = 0;
      const std::string_view r = in.rest();
      while (n < r.size() && (isDigit(r[n]) || r[n] == '.')) {
        ++n;
      }
      if (n == 0) {
        return false;
      }
      st.unix_ns = parseUnixTime(r.substr(0, n), kSecond);
      for (std::size_t i = 0; i < n; ++i) {
        in.skip(r[i]);
      }
      return true;
    }
    case 'z': {
      TimeNs z = 0;
      if (!in.zone(z)) {
        return false;
      }
      c.zone = z;
      return true;
    }
    case 'b':
    case 'h':
      return in.monthName(false, c.month);
    case 'B':
      return in.monthName(true, c.month);
    case '%':
      return in.skip('%');
    default:
      fail(std::string("unsupported directive %") + d);
  }
}

}  // namespace

TimeNs civilToUnix(const CivilFields& c, TimeNs utc_offset) {
  if (c.year < kMinYear || c.year > kMaxYear) {
    fail("year " + std::to_string(c.year) + " is outside " + std::to_string(kMinYear) + " to " +
         std::to_string(kMaxYear));
  }
  std::int64_t days = 0;
  if (c.day_of_year > 0) {
    const int year_days = isLeapYear(c.year) ? 366 : 365;
    if (c.day_of_year > year_days) {
      fail("day of year " + std::to_string(c.day_of_year) + " is out of range: " +
           std::to_string(c.year) + " has " + std::to_string(year_days) + " days");
    }
    days = daysFromCivil(c.year, 1, 1) + c.day_of_year - 1;
  } else {
    if (c.month < 1 || c.month > 12) {
      fail("month " + std::to_string(c.month) + " is out of range (01 to 12)");
    }
    const int month_days = daysInMonth(c.year, c.month);
    if (c.day < 1 || c.day > month_days) {
      fail("day " + std::to_string(c.day) +
           " is out of range: " + std::string(kMonthNames[static_cast<std::size_t>(c.month - 1)]) +
           " " + std::to_string(c.year) + " has " + std::to_string(month_days) + " days");
    }
    days = daysFromCivil(c.year, c.month, c.day);
  }
  if (c.hour > 23) {
    fail("hour " + std::to_string(c.hour) + " is out of range (00 to 23)");
  }
  if (c.minute > 59) {
    fail("minute " + std::to_string(c.minute) + " is out of range (00 to 59)");
  }
  if (c.second > 60) {
    fail("second " + std::to_string(c.second) + " is out of range (00 to 59, or 60 for a leap " +
         "second)");
  }
  const TimeNs local =
      days * kDay + c.hour * kHour + c.minute * kMinute + c.second * kSecond + c.fraction;
  return local - c.zone.value_or(utc_offset);
}

TimeNs parseClfTime(std::string_view t) {
  // 01/Jul/1995:00:00:01 -0400
  constexpr const char* kShape = "expected a time like 01/Jul/1995:00:00:01 -0400";
  if (t.size() != 26 || t[2] != '/' || t[6] != '/' || t[11] != ':' || t[14] != ':' ||
      t[17] != ':' || t[20] != ' ' || (t[21] != '+' && t[21] != '-')) {
    fail(kShape);
  }
  Scanner in(t);
  CivilFields c;
  if (!in.readInt(2, 2, c.day)) {
    fail(kShape);
  }
  in.skip('/');
  if (!in.monthName(false, c.month)) {
    fail("unknown month name " + quoted(t.substr(3, 3)));
  }
  Scanner rest(t.substr(7));
  if (!rest.readInt(4, 4, c.year) || !rest.skip(':') || !rest.readInt(2, 2, c.hour) ||
      !rest.skip(':') || !rest.readInt(2, 2, c.minute) || !rest.skip(':') ||
      !rest.readInt(2, 2, c.second) || !rest.skip(' ')) {
    fail(kShape);
  }
  int zh = 0;
  int zm = 0;
  rest.skip(t[21]);
  if (!rest.readInt(2, 2, zh) || !rest.readInt(2, 2, zm)) {
    fail(kShape);
  }
  if (zm > 59 || zh > 18) {
    fail("zone " + std::string(t.substr(21)) + " is out of range (-1800 to +1800)");
  }
  c.zone = (t[21] == '-' ? -1 : 1) * (zh * kHour + zm * kMinute);
  return civilToUnix(c, 0);
}

TimeNs parseIsoTime(std::string_view text, std::optional<TimeNs> default_offset) {
  Scanner in(text);
  CivilFields c;
  c.year = in.digits(4, "year");
  in.expect('-', "after the year");
  c.month = in.digits(2, "month");
  in.expect('-', "after the month");
  c.day = in.digits(2, "day");
  if (!in.done()) {
    if (!in.skip('T') && !in.skip('t') && !in.skip(' ')) {
      fail("expected 'T' after the date, found " + quoted(in.rest()));
    }
    readClock(in, c);
    TimeNs zone = 0;
    if (in.zone(zone)) {
      c.zone = zone;
    } else if (in.done() && !default_offset) {
      fail("missing zone; add Z for UTC or an offset such as +02:00");
    }
    if (!in.done()) {
      fail("unexpected " + quoted(in.rest()) + " after the time");
    }
  }
  return civilToUnix(c, default_offset.value_or(0));
}

TimeNs unixUnitForDigits(std::size_t digits) {
  return digits >= 18   ? kNanosecond
         : digits >= 15 ? kMicrosecond
         : digits >= 12 ? kMillisecond
                        : kSecond;
}

TimeNs parseUnixTime(std::string_view text, TimeNs unit) {
  if (text.empty()) {
    fail("empty timestamp");
  }
  Scanner in(text);
  std::int64_t whole = 0;
  int digits = 0;
  while (!in.done() && isDigit(in.peek())) {
    if (++digits > 19) {
      fail("timestamp " + quoted(text) + " has too many digits");
    }
    const char d = in.peek();
    in.skip(d);
    if (whole > (std::numeric_limits<std::int64_t>::max() - (d - '0')) / 10) {
      fail("timestamp " + quoted(text) + " is out of range");
    }
    whole = whole * 10 + (d - '0');
  }
  if (digits == 0) {
    fail("expected a Unix timestamp (digits), found " + quoted(text));
  }
  TimeNs fraction = 0;  // billionths of one unit
  if (in.skip('.')) {
    fraction = in.fraction();
  }
  if (!in.done()) {
    fail("unexpected " + quoted(in.rest()) + " in a Unix timestamp");
  }
  if (whole > std::numeric_limits<TimeNs>::max() / unit - 1) {
    fail("timestamp " + quoted(text) + " is out of range (after the year 2261)");
  }
  return whole * unit + static_cast<TimeNs>(static_cast<__int128>(fraction) * unit / kSecond);
}

TimeNs parseUnixTime(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && isDigit(text[digits])) {
    ++digits;
  }
  const TimeNs unit = unixUnitForDigits(digits);
  if (unit != kSecond && digits < text.size() && text[digits] == '.') {
    // A fraction is only written after seconds ($msec); 12 digits of seconds would be the year
    // 5138.
    fail("unexpected " + quoted(text.substr(digits)) + " after a " + std::to_string(digits) +
         "-digit Unix timestamp");
  }
  return parseUnixTime(text, unit);
}

TimeNs parseAnyTime(std::string_view text, TimeNs default_offset) {
  if (text.size() >= 10 && text[4] == '-') {
    return parseIsoTime(text, default_offset);
  }
  if (text.size() == 26 && text[2] == '/') {
    return parseClfTime(text);
  }
  if (!text.empty() && !isDigit(text[0])) {
    fail("expected a time (ISO 8601 like 2024-03-01T12:00:00Z, 01/Jul/1995:00:00:01 -0400 or " +
         std::string("Unix seconds), found ") + quoted(text));
  }
  return parseUnixTime(text);
}

TimeNs parseUtcOffset(std::string_view text) {
  constexpr const char* kHelp = "; write an offset like -4h, +5h30m, +05:30 or -0400";
  const std::string_view t = text;
  if (t == "Z" || t == "UTC" || t == "utc" || t == "0") {
    return 0;
  }
  if (t.empty()) {
    fail(std::string("empty UTC offset") + kHelp);
  }
  TimeNs sign = 1;
  std::string_view rest = t;
  if (rest[0] == '+' || rest[0] == '-') {
    sign = rest[0] == '-' ? -1 : 1;
    rest.remove_prefix(1);
  }
  TimeNs total = 0;
  Scanner in(rest);
  int hh = 0;
  int mm = 0;
  const bool clock = (rest.size() == 5 && rest[2] == ':' && in.readInt(2, 2, hh) && in.skip(':') &&
                      in.readInt(2, 2, mm)) ||
                     (rest.size() == 4 && in.readInt(2, 2, hh) && in.readInt(2, 2, mm));
  if (clock) {
    if (mm > 59) {
      fail("minutes of the UTC offset " + quoted(t) + " are out of range (00 to 59)");
    }
    total = hh * kHour + mm * kMinute;
  } else if (!readHoursMinutes(rest, total)) {
    fail("bad UTC offset " + quoted(t) + kHelp);
  }
  if (total > kMaxUtcOffset) {
    fail("UTC offset " + quoted(t) + " is out of range (-18h to +18h)");
  }
  return sign * total;
}

TimeNs parseDecimalSeconds(std::string_view text) {
  Scanner in(text);
  std::int64_t whole = 0;
  int digits = 0;
  while (!in.done() && isDigit(in.peek())) {
    if (whole > 1'000'000'000) {
      fail("duration " + quoted(text) + " is too large");
    }
    whole = whole * 10 + (in.peek() - '0');
    in.skip(in.peek());
    ++digits;
  }
  if (digits == 0) {
    fail("expected seconds like 0.005, found " + quoted(text));
  }
  TimeNs fraction = 0;
  if (in.skip('.') && isDigit(in.peek())) {
    fraction = in.fraction();
  }
  if (!in.done()) {
    fail("expected seconds like 0.005, found " + quoted(text));
  }
  return whole * kSecond + fraction;
}

TimeNs parseTimeWithFormat(std::string_view text, std::string_view format, TimeNs utc_offset) {
  const std::string expanded = expandFormat(format);
  Scanner in(text);
  FormatState st;
  for (std::size_t i = 0; i < expanded.size(); ++i) {
    const char f = expanded[i];
    if (f == ' ') {
      // A space matches any run of blanks (also none): logs pad days with spaces.
      while (in.skip(' ') || in.skip('\t')) {
      }
      continue;
    }
    if (f != '%' || i + 1 == expanded.size()) {
      if (!in.skip(f)) {
        fail("expected '" + std::string(1, f) + "' at character " + std::to_string(in.pos() + 1) +
             " of " + quoted(text) + " (format \"" + std::string(format) + "\")");
      }
      continue;
    }
    const char d = expanded[++i];
    if (!readDirective(d, in, st)) {
      fail("character " + std::to_string(in.pos() + 1) + " of " + quoted(text) +
           " does not match %" + d + " (format \"" + std::string(format) + "\")");
    }
  }
  if (!in.done()) {
    fail("unexpected " + quoted(in.rest()) + " after the time (format \"" + std::string(format) +
         "\")");
  }
  if (st.unix_ns) {
    return *st.unix_ns;
  }
  if (st.twelve_hour) {
    st.c.hour = (st.c.hour % 12) + (st.pm ? 12 : 0);
  }
  return civilToUnix(st.c, utc_offset);
}

void checkTimeFormat(std::string_view format) {
  if (format.empty()) {
    fail("the format is empty");
  }
  const std::string expanded = expandFormat(format);
  for (std::size_t i = 0; i < expanded.size(); ++i) {
    if (expanded[i] != '%') {
      continue;
    }
    if (i + 1 == expanded.size()) {
      fail("a lone % at the end of \"" + std::string(format) + "\"; write %% for a percent sign");
    }
    const char d = expanded[++i];
    if (std::strchr("YymedjHIpMSfszbhB%", d) == nullptr || d == '\0') {
      fail(std::string("unsupported directive %") + d +
           " (supported: %Y %y %m %d %e %j %H %I %p %M %S %f %s %z %b %h %B %T %F %%)");
    }
  }
}

std::string formatUtc(TimeNs unix_ns) {
  const CivilTime c = Calendar(0, 0).civil(unix_ns);
  const TimeNs tod = c.time_of_day;
  const int h = static_cast<int>(tod / kHour);
  const int m = static_cast<int>(tod % kHour / kMinute);
  const int s = static_cast<int>(tod % kMinute / kSecond);
  const TimeNs frac = tod % kSecond;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day, h, m, s);
  std::string out = buf;
  if (frac != 0) {
    std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(frac));
    std::string digits = buf;
    while (digits.back() == '0') {
      digits.pop_back();  // shortest exact fraction: ".25", not ".250000000"
    }
    out += digits;
  }
  return out + "Z";
}

std::string formatCivil(const CivilTime& c) {
  char buf[48];
  const auto minutes = static_cast<int>(c.time_of_day / kMinute);
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day, minutes / 60,
                minutes % 60);
  return buf;
}

std::string formatUtcOffset(TimeNs offset) {
  const char sign = offset < 0 ? '-' : '+';
  const auto minutes = static_cast<int>((offset < 0 ? -offset : offset) / kMinute);
  char buf[32];
  std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", sign, minutes / 60, minutes % 60);
  return buf;
}

std::string formatDuration(TimeNs duration) {
  if (duration == kNever) {
    return "never";
  }
  if (duration == 0) {
    return "0s";
  }
  std::string out = duration < 0 ? "-" : "";
  // Unsigned, so the most negative duration still has a magnitude.
  std::uint64_t rest = duration < 0 ? 0 - static_cast<std::uint64_t>(duration)
                                    : static_cast<std::uint64_t>(duration);
  static constexpr std::array<std::pair<std::string_view, TimeNs>, 7> kParts{{
      {"d", kDay},
      {"h", kHour},
      {"m", kMinute},
      {"s", kSecond},
      {"ms", kMillisecond},
      {"us", kMicrosecond},
      {"ns", kNanosecond},
  }};
  for (const auto& [name, ns] : kParts) {
    const auto unit = static_cast<std::uint64_t>(ns);
    if (rest >= unit) {
      out += std::to_string(rest / unit);
      out += name;
      rest %= unit;
    }
  }
  return out;
}

}  // namespace shadowscale
