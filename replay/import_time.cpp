#include "replay/import_time.h"

#include <cstdio>
#include <cstring>

#include "core/calendar.h"

namespace shadowscale {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& value) {
  if (pos + n > s.size()) {
    return false;
  }
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') {
      return false;
    }
    v = v * 10 + (c - '0');
  }
  value = v;
  return true;
}

int monthFromAbbrev(std::string_view m) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (m.size() != 3) {
    return 0;
  }
  for (int i = 0; i < 12; ++i) {
    const std::string_view k = kMonths[i];
    // Logs are written in the C locale, but tolerate "JUL" / "jul".
    if ((k[0] | 0x20) == (m[0] | 0x20) && (k[1] | 0x20) == (m[1] | 0x20) &&
        (k[2] | 0x20) == (m[2] | 0x20)) {
      return i + 1;
    }
  }
  return 0;
}

int daysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) {
    return 29;
  }
  return kDays[month - 1];
}

const char* civilToUnix(int year, int month, int day, int hour, int minute, int second,
                        TimeNs offset, TimeNs& unix_ns) {
  if (month < 1 || month > 12) {
    return "month out of range";
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    return "day out of range";
  }
  // 60 is a leap second, which Unix time folds into the next second.
  if (hour > 23 || minute > 59 || second > 60) {
    return "time of day out of range";
  }
  const std::int64_t days = daysFromCivil(year, month, day);
  unix_ns = days * kDay + hour * kHour + minute * kMinute + second * kSecond - offset;
  return nullptr;
}

// "+hh:mm", "+hhmm", "+hh", "Z" at the end of an ISO time.
const char* isoZone(std::string_view z, TimeNs& offset) {
  if (z == "Z" || z == "z") {
    offset = 0;
    return nullptr;
  }
  if (z.empty() || (z[0] != '+' && z[0] != '-')) {
    return "bad time zone";
  }
  int hh = 0;
  int mm = 0;
  if (!digits(z, 1, 2, hh)) {
    return "bad time zone";
  }
  if (z.size() == 6 && z[3] == ':') {
    if (!digits(z, 4, 2, mm)) {
      return "bad time zone";
    }
  } else if (z.size() == 5) {
    if (!digits(z, 3, 2, mm)) {
      return "bad time zone";
    }
  } else if (z.size() != 3) {
    return "bad time zone";
  }
  if (hh > 23 || mm > 59) {
    return "time zone out of range";
  }
  offset = (z[0] == '-' ? -1 : 1) * (hh * kHour + mm * kMinute);
  return nullptr;
}

}  // namespace

const char* parseClfTime(std::string_view t, TimeNs& unix_ns) {
  // 01/Jul/1995:00:00:01 -0400
  if (t.size() != 26 || t[2] != '/' || t[6] != '/' || t[11] != ':' || t[14] != ':' ||
      t[17] != ':' || t[20] != ' ' || (t[21] != '+' && t[21] != '-')) {
    return "expected a time like 01/Jul/1995:00:00:01 -0400";
  }
  int day = 0, year = 0, hour = 0, minute = 0, second = 0, zh = 0, zm = 0;
  const int month = monthFromAbbrev(t.substr(3, 3));
  if (month == 0) {
    return "unknown month name";
  }
  if (!digits(t, 0, 2, day) || !digits(t, 7, 4, year) || !digits(t, 12, 2, hour) ||
      !digits(t, 15, 2, minute) || !digits(t, 18, 2, second) || !digits(t, 22, 2, zh) ||
      !digits(t, 24, 2, zm)) {
    return "expected a time like 01/Jul/1995:00:00:01 -0400";
  }
  if (zh > 23 || zm > 59) {
    return "time zone out of range";
  }
  const TimeNs offset = (t[21] == '-' ? -1 : 1) * (zh * kHour + zm * kMinute);
  return civilToUnix(year, month, day, hour, minute, second, offset, unix_ns);
}

const char* parseIsoTime(std::string_view t, TimeNs default_offset, TimeNs& unix_ns) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (t.size() < 10 || t[4] != '-' || t[7] != '-' || !digits(t, 0, 4, year) ||
      !digits(t, 5, 2, month) || !digits(t, 8, 2, day)) {
    return "expected a date like 2024-03-01";
  }
  std::size_t pos = 10;
  TimeNs fraction = 0;
  if (pos < t.size() && (t[pos] == 'T' || t[pos] == 't' || t[pos] == ' ')) {
    if (t.size() < pos + 6 || t[pos + 3] != ':' || !digits(t, pos + 1, 2, hour) ||
        !digits(t, pos + 4, 2, minute)) {
      return "expected a time like 12:00:00";
    }
    pos += 6;
    if (pos < t.size() && t[pos] == ':') {
      if (!digits(t, pos + 1, 2, second)) {
        return "expected seconds after the minutes";
      }
      pos += 3;
      if (pos < t.size() && (t[pos] == '.' || t[pos] == ',')) {
        ++pos;
        TimeNs scale = kSecond / 10;
        const std::size_t start = pos;
        while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
          fraction += (t[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
        if (pos == start) {
          return "expected digits after the decimal point";
        }
      }
    }
  }
  TimeNs offset = default_offset;
  if (pos < t.size()) {
    if (const char* e = isoZone(t.substr(pos), offset)) {
      return e;
    }
  }
  if (const char* e = civilToUnix(year, month, day, hour, minute, second, offset, unix_ns)) {
    return e;
  }
  unix_ns += fraction;
  return nullptr;
}

const char* parseUnixTime(std::string_view t, TimeNs& unix_ns) {
  if (t.empty()) {
    return "empty timestamp";
  }
  std::size_t pos = 0;
  std::int64_t whole = 0;
  std::size_t whole_digits = 0;
  while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
    if (whole_digits >= 19) {
      return "timestamp too large";
    }
    whole = whole * 10 + (t[pos] - '0');
    ++whole_digits;
    ++pos;
  }
  if (whole_digits == 0) {
    return "expected a Unix timestamp";
  }
  if (pos == t.size()) {
    if (whole_digits >= 18) {
      unix_ns = whole;
    } else if (whole_digits >= 15) {
      unix_ns = whole * kMicrosecond;
    } else if (whole_digits >= 12) {
      unix_ns = whole * kMillisecond;
    } else {
      unix_ns = whole * kSecond;
    }
    return nullptr;
  }
  if (t[pos] != '.' || whole_digits >= 12) {
    return "expected a Unix timestamp";
  }
  ++pos;
  TimeNs fraction = 0;
  TimeNs scale = kSecond / 10;
  const std::size_t start = pos;
  while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
    fraction += (t[pos] - '0') * scale;
    scale /= 10;
    ++pos;
  }
  if (pos == start || pos != t.size()) {
    return "expected a Unix timestamp";
  }
  unix_ns = whole * kSecond + fraction;
  return nullptr;
}

const char* parseAnyTime(std::string_view t, TimeNs default_offset, TimeNs& unix_ns) {
  if (t.size() >= 10 && t[4] == '-') {
    return parseIsoTime(t, default_offset, unix_ns);
  }
  if (t.size() == 26 && t[2] == '/') {
    return parseClfTime(t, unix_ns);
  }
  return parseUnixTime(t, unix_ns);
}

const char* parseUtcOffset(std::string_view t, TimeNs& offset) {
  if (t == "Z" || t == "UTC" || t == "utc" || t == "0") {
    offset = 0;
    return nullptr;
  }
  if (t.empty()) {
    return "empty UTC offset";
  }
  TimeNs sign = 1;
  std::size_t pos = 0;
  if (t[0] == '+' || t[0] == '-') {
    sign = t[0] == '-' ? -1 : 1;
    pos = 1;
  }
  const std::string_view rest = t.substr(pos);
  int hh = 0, mm = 0;
  // "+05:30" and "-0400"
  if (rest.size() == 5 && rest[2] == ':' && digits(rest, 0, 2, hh) && digits(rest, 3, 2, mm)) {
    offset = sign * (hh * kHour + mm * kMinute);
    return hh > 23 || mm > 59 ? "UTC offset out of range" : nullptr;
  }
  if (rest.size() == 4 && digits(rest, 0, 2, hh) && digits(rest, 2, 2, mm)) {
    offset = sign * (hh * kHour + mm * kMinute);
    return hh > 23 || mm > 59 ? "UTC offset out of range" : nullptr;
  }
  // "4h", "5h30m", "90m"
  TimeNs total = 0;
  std::size_t i = 0;
  bool any = false;
  while (i < rest.size()) {
    std::int64_t v = 0;
    const std::size_t start = i;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9' && i - start < 6) {
      v = v * 10 + (rest[i] - '0');
      ++i;
    }
    if (i == start || i == rest.size()) {
      return "expected an offset like -4h, +5h30m, +05:30 or -0400";
    }
    const char unit = rest[i++];
    if (unit == 'h') {
      total += v * kHour;
    } else if (unit == 'm') {
      total += v * kMinute;
    } else {
      return "expected an offset like -4h, +5h30m, +05:30 or -0400";
    }
    any = true;
  }
  if (!any || total > 26 * kHour) {
    return "UTC offset out of range";
  }
  offset = sign * total;
  return nullptr;
}

const char* parseSeconds(std::string_view t, TimeNs& ns) {
  std::size_t pos = 0;
  std::int64_t whole = 0;
  while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
    if (whole > 1'000'000'000) {
      return "duration too large";
    }
    whole = whole * 10 + (t[pos] - '0');
    ++pos;
  }
  if (pos == 0) {
    return "expected seconds like 0.005";
  }
  TimeNs fraction = 0;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    TimeNs scale = kSecond / 10;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      fraction += (t[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
  }
  if (pos != t.size()) {
    return "expected seconds like 0.005";
  }
  ns = whole * kSecond + fraction;
  return nullptr;
}

std::string formatUtc(TimeNs unix_ns) {
  const CivilTime c = Calendar(0, 0).civil(unix_ns);
  const TimeNs tod = c.time_of_day;
  const int h = static_cast<int>(tod / kHour);
  const int m = static_cast<int>(tod % kHour / kMinute);
  const int s = static_cast<int>(tod % kMinute / kSecond);
  const TimeNs frac = tod % kSecond;
  char buf[64];
  if (frac == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, h, m,
                  s);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09lld", c.year, c.month, c.day,
                  h, m, s, static_cast<long long>(frac));
    // Shortest exact fraction: ".25", not ".250000000".
    std::size_t n = std::strlen(buf);
    while (buf[n - 1] == '0') {
      buf[--n] = '\0';
    }
    buf[n] = 'Z';
    buf[n + 1] = '\0';
  }
  return buf;
}

}  // namespace shadowscale
