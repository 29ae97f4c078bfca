#include "scenarios/units.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

#include "core/calendar.h"

namespace shadowscale {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

// Built by appending: GCC 12 warns falsely (-Wrestrict) about "\"" + std::string(s).
std::string inQuotes(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  out.append(s);
  out.push_back('"');
  return out;
}

[[noreturn]] void fail(const std::string& message) {
  throw std::invalid_argument(message);
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

// Letters and the bytes of a UTF-8 "µ" make up a unit name.
bool isUnitChar(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

struct DurationUnit {
  std::string_view name;
  TimeNs ns;
  int rank;  // larger units rank higher; a duration lists them in falling rank
};

constexpr std::array<DurationUnit, 9> kDurationUnits{{
    {"w", kWeek, 8},
    {"d", kDay, 7},
    {"h", kHour, 6},
    {"m", kMinute, 5},
    {"s", kSecond, 4},
    {"ms", kMillisecond, 3},
    {"us", kMicrosecond, 2},
    {"\xC2\xB5s", kMicrosecond, 2},  // µs
    {"ns", kNanosecond, 1},
}};

constexpr std::string_view kDurationHelp =
    "write a number and a unit, e.g. \"90s\", \"250ms\", \"1h30m\", \"7d\" (units: w, d, h, m, "
    "s, ms, us, ns)";

// Parses one unsigned decimal number; the digits (without the point) and how many of them are
// after the point, so "1.25" is 125 with 2 fraction digits and no rounding happens.
struct Decimal {
  __int128 digits = 0;
  int fraction_digits = 0;
};

// Days in a month of the proleptic Gregorian calendar.
int daysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// Reads exactly `count` digits at `pos` as a number, or fails naming `what`.
int fixedDigits(std::string_view s, std::size_t& pos, int count, std::string_view what,
                std::string_view whole) {
  int value = 0;
  for (int i = 0; i < count; ++i, ++pos) {
    if (pos >= s.size() || !isDigit(s[pos])) {
      fail("expected " + std::to_string(count) + " digits of the " + std::string(what) + " in " +
           inQuotes(whole) + "; write e.g. \"2026-03-02T00:00:00Z\"");
    }
    value = value * 10 + (s[pos] - '0');
  }
  return value;
}

void expectChar(std::string_view s, std::size_t& pos, char c, std::string_view whole) {
  if (pos >= s.size() || s[pos] != c) {
    fail("expected '" + std::string(1, c) + "' at position " + std::to_string(pos + 1) + " of " +
         inQuotes(whole) + "; write e.g. \"2026-03-02T00:00:00Z\"");
  }
  ++pos;
}

}  // namespace

TimeNs parseDuration(std::string_view text) {
  const std::string_view whole = trim(text);
  std::string_view s = whole;
  if (s.empty()) {
    fail("empty duration; " + std::string(kDurationHelp));
  }
  bool negative = false;
  if (s.front() == '-' || s.front() == '+') {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s == "0") {
    return 0;
  }
  constexpr __int128 kMax = std::numeric_limits<TimeNs>::max();
  __int128 total = 0;
  int last_rank = 1000;
  std::size_t i = 0;
  while (i < s.size()) {
    Decimal number;
    int digit_count = 0;
    bool seen_point = false;
    while (i < s.size() && (isDigit(s[i]) || s[i] == '.')) {
      if (s[i] == '.') {
        if (seen_point) {
          fail("two decimal points in " + inQuotes(whole));
        }
        seen_point = true;
      } else {
        if (++digit_count > 20) {
          fail("too many digits in " + inQuotes(whole));
        }
        number.digits = number.digits * 10 + (s[i] - '0');
        if (seen_point) {
          ++number.fraction_digits;
        }
      }
      ++i;
    }
    if (digit_count == 0) {
      if (i < s.size() && isUnitChar(s[i])) {
        fail("expected a number before the unit in " + inQuotes(whole) + "; " +
             std::string(kDurationHelp));
      }
      fail("unexpected " + (i < s.size() ? inQuotes(s.substr(i, 1)) : std::string("end")) + " in " +
           inQuotes(whole) + "; " + std::string(kDurationHelp));
    }
    const std::size_t unit_start = i;
    while (i < s.size() && isUnitChar(s[i])) {
      ++i;
    }
    const std::string_view unit = s.substr(unit_start, i - unit_start);
    if (unit.empty()) {
      fail("missing unit after " + inQuotes(s.substr(0, i)) + " in " + inQuotes(whole) + "; " +
           std::string(kDurationHelp));
    }
    const DurationUnit* found = nullptr;
    for (const DurationUnit& u : kDurationUnits) {
      if (u.name == unit) {
        found = &u;
      }
    }
    if (found == nullptr) {
      fail("unknown unit " + inQuotes(unit) + " in " + inQuotes(whole) + "; " +
           std::string(kDurationHelp));
    }
    if (found->rank >= last_rank) {
      fail("units in " + inQuotes(whole) +
           " must go from the largest to the smallest, each once, as in \"1h30m\"");
    }
    last_rank = found->rank;
    __int128 scale = 1;
    for (int k = 0; k < number.fraction_digits; ++k) {
      scale *= 10;
    }
    const __int128 scaled = number.digits * found->ns;
    if (scaled % scale != 0) {
      fail(inQuotes(whole) + " is finer than the 1 ns resolution");
    }
    total += scaled / scale;
    if (total > kMax) {
      fail(inQuotes(whole) + " is too long (more than about 292 years)");
    }
  }
  const TimeNs result = static_cast<TimeNs>(total);
  return negative ? -result : result;
}

double parseRatePerSecond(std::string_view text) {
  const std::string_view s = trim(text);
  constexpr std::string_view kHelp =
      "write a count per unit, e.g. \"100/s\", \"6000/min\", \"1.5/ms\" (units: ns, us, ms, s, "
      "m or min, h, d)";
  if (s.empty()) {
    fail("empty rate; " + std::string(kHelp));
  }
  const std::size_t slash = s.find('/');
  if (slash == std::string_view::npos) {
    fail("missing unit in rate " + inQuotes(s) + "; " + std::string(kHelp));
  }
  const std::string_view number_text = trim(s.substr(0, slash));
  const std::string_view unit = trim(s.substr(slash + 1));
  double count = 0;
  const auto [end, ec] =
      std::from_chars(number_text.data(), number_text.data() + number_text.size(), count);
  if (number_text.empty() || ec != std::errc() || end != number_text.data() + number_text.size() ||
      !std::isfinite(count)) {
    fail("bad number " + inQuotes(number_text) + " in rate " + inQuotes(s) + "; " +
         std::string(kHelp));
  }
  if (count < 0) {
    fail("negative rate " + inQuotes(s));
  }
  struct RateUnit {
    std::string_view name;
    double seconds;
  };
  static constexpr std::array<RateUnit, 9> kUnits{{
      {"ns", 1e-9},
      {"us", 1e-6},
      {"\xC2\xB5s", 1e-6},
      {"ms", 1e-3},
      {"s", 1.0},
      {"m", 60.0},
      {"min", 60.0},
      {"h", 3600.0},
      {"d", 86400.0},
  }};
  for (const RateUnit& u : kUnits) {
    if (u.name == unit) {
      return count / u.seconds;
    }
  }
  fail("unknown unit " + inQuotes(unit) + " in rate " + inQuotes(s) + "; " + std::string(kHelp));
}

TimeNs parseTimeOfDay(std::string_view text) {
  const std::string_view s = trim(text);
  const std::string help = "; write \"HH:MM\" or \"HH:MM:SS\" between 00:00 and 24:00";
  std::size_t pos = 0;
  auto number = [&](int max_digits) {
    int value = 0;
    int count = 0;
    while (pos < s.size() && isDigit(s[pos]) && count < max_digits) {
      value = value * 10 + (s[pos] - '0');
      ++pos;
      ++count;
    }
    if (count == 0) {
      fail("bad time of day " + inQuotes(s) + help);
    }
    return std::pair{value, count};
  };
  const auto [hours, hour_digits] = number(2);
  (void)hour_digits;
  if (pos >= s.size() || s[pos] != ':') {
    fail("bad time of day " + inQuotes(s) + help);
  }
  ++pos;
  const auto [minutes, minute_digits] = number(2);
  int seconds = 0;
  int second_digits = 2;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    std::tie(seconds, second_digits) = number(2);
  }
  if (pos != s.size() || minute_digits != 2 || second_digits != 2) {
    fail("bad time of day " + inQuotes(s) + help);
  }
  if (minutes > 59 || seconds > 59) {
    fail("minutes and seconds of " + inQuotes(s) + " must be 00 to 59");
  }
  if (hours > 24 || (hours == 24 && (minutes != 0 || seconds != 0))) {
    fail("time of day " + inQuotes(s) + " is past 24:00");
  }
  return hours * kHour + minutes * kMinute + seconds * kSecond;
}

std::uint8_t parseDays(std::string_view text) {
  const std::string_view s = trim(text);
  constexpr std::string_view kHelp =
      "; write \"*\", a day (\"Mon\"), a range (\"Mon-Fri\") or a list (\"Sat,Sun\")";
  if (s.empty()) {
    fail("empty set of days" + std::string(kHelp));
  }
  if (s == "*") {
    return 0x7F;
  }
  static constexpr std::array<std::string_view, 7> kShort{"mon", "tue", "wed", "thu",
                                                          "fri", "sat", "sun"};
  static constexpr std::array<std::string_view, 7> kLong{
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  auto day = [&](std::string_view name) {
    const std::string n = lower(trim(name));
    for (int d = 0; d < 7; ++d) {
      if (n == kShort[static_cast<std::size_t>(d)] || n == kLong[static_cast<std::size_t>(d)]) {
        return d;
      }
    }
    fail("unknown day " + inQuotes(trim(name)) + " in " + inQuotes(s) + std::string(kHelp));
  };
  std::uint8_t mask = 0;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t comma = s.find(',', start);
    if (comma == std::string_view::npos) {
      comma = s.size();
    }
    const std::string_view item = trim(s.substr(start, comma - start));
    if (item.empty()) {
      fail("empty day in " + inQuotes(s) + std::string(kHelp));
    }
    const std::size_t dash = item.find('-');
    if (dash == std::string_view::npos) {
      mask |= static_cast<std::uint8_t>(1u << day(item));
    } else {
      const int first = day(item.substr(0, dash));
      const int last = day(item.substr(dash + 1));
      for (int d = first;; d = (d + 1) % 7) {
        mask |= static_cast<std::uint8_t>(1u << d);
        if (d == last) {
          break;
        }
      }
    }
    start = comma + 1;
  }
  return mask;
}

TimeNs parseUtcTimestamp(std::string_view text) {
  const std::string_view s = trim(text);
  std::size_t pos = 0;
  const int year = fixedDigits(s, pos, 4, "year", s);
  expectChar(s, pos, '-', s);
  const int month = fixedDigits(s, pos, 2, "month", s);
  expectChar(s, pos, '-', s);
  const int day = fixedDigits(s, pos, 2, "day", s);
  if (month < 1 || month > 12) {
    fail("month " + std::to_string(month) + " of " + inQuotes(s) + " is not 01 to 12");
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    fail("day " + std::to_string(day) + " of " + inQuotes(s) + " is not in that month");
  }
  if (year < 1678 || year > 2261) {
    fail("year " + std::to_string(year) + " of " + inQuotes(s) + " is outside 1678 to 2261");
  }
  std::int64_t seconds = daysFromCivil(year, month, day) * 86400;
  TimeNs fraction = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') {
      fail("expected 'T' after the date in " + inQuotes(s) +
           "; write e.g. \"2026-03-02T00:00:00Z\"");
    }
    ++pos;
    const int hour = fixedDigits(s, pos, 2, "hour", s);
    expectChar(s, pos, ':', s);
    const int minute = fixedDigits(s, pos, 2, "minute", s);
    int second = 0;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      second = fixedDigits(s, pos, 2, "second", s);
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        int digits = 0;
        while (pos < s.size() && isDigit(s[pos])) {
          if (++digits > 9) {
            fail("more than 9 fraction digits in " + inQuotes(s));
          }
          fraction = fraction * 10 + (s[pos] - '0');
          ++pos;
        }
        if (digits == 0) {
          fail("expected digits after the decimal point in " + inQuotes(s));
        }
        for (; digits < 9; ++digits) {
          fraction *= 10;
        }
      }
    }
    if (hour > 23 || minute > 59 || second > 59) {
      fail("time of " + inQuotes(s) + " is out of range (00:00:00 to 23:59:59)");
    }
    seconds += hour * 3600 + minute * 60 + second;
    if (pos >= s.size()) {
      fail("missing zone in " + inQuotes(s) + "; add Z for UTC or an offset such as +02:00");
    }
    if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      const int sign = s[pos] == '-' ? -1 : 1;
      ++pos;
      const int zone_hours = fixedDigits(s, pos, 2, "zone hours", s);
      int zone_minutes = 0;
      if (pos < s.size()) {
        if (s[pos] == ':') {
          ++pos;
        }
        zone_minutes = fixedDigits(s, pos, 2, "zone minutes", s);
      }
      if (zone_hours > 18 || zone_minutes > 59) {
        fail("zone offset of " + inQuotes(s) + " is out of range");
      }
      // A local time at +02:00 is two hours ahead of UTC.
      seconds -= sign * (zone_hours * 3600 + zone_minutes * 60);
    } else {
      fail("bad zone in " + inQuotes(s) + "; add Z for UTC or an offset such as +02:00");
    }
  }
  if (pos != s.size()) {
    fail("unexpected " + inQuotes(s.substr(pos)) + " at the end of " + inQuotes(s));
  }
  return seconds * kSecond + fraction;
}

std::string formatDuration(TimeNs duration) {
  if (duration == kNever) {
    return "never";
  }
  if (duration == 0) {
    return "0s";
  }
  std::string out;
  // Unsigned, so the most negative duration still has a magnitude.
  std::uint64_t rest = duration < 0 ? 0 - static_cast<std::uint64_t>(duration)
                                    : static_cast<std::uint64_t>(duration);
  if (duration < 0) {
    out = "-";
  }
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
    const std::uint64_t unit = static_cast<std::uint64_t>(ns);
    if (rest >= unit) {
      out += std::to_string(rest / unit);
      out += name;
      rest %= unit;
    }
  }
  return out;
}

HostPort parseHostPort(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    throw std::invalid_argument("\"" + std::string(text) + "\" is not host:port");
  }
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    throw std::invalid_argument("\"" + std::string(text) +
                                "\": write an IPv6 address in brackets, [::1]:8080");
  }
  if (host.empty()) {
    throw std::invalid_argument("\"" + std::string(text) + "\" has no host");
  }
  int value = -1;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value < 0 ||
      value > 65535) {
    throw std::invalid_argument("\"" + std::string(text) + "\" has no port in 0..65535");
  }
  return {std::string(host), value};
}

}  // namespace shadowscale
