#include "scenarios/units.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "core/input_error.h"
#include "core/text.h"
#include "core/time_text.h"

namespace shadowscale {
namespace {

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
  throw InputError(message);
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

}  // namespace

TimeNs parseDuration(std::string_view text) {
  const std::string_view whole = trimBlanks(text);
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
  const std::string_view s = trimBlanks(text);
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
  const std::string_view number_text = trimBlanks(s.substr(0, slash));
  const std::string_view unit = trimBlanks(s.substr(slash + 1));
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
  const std::string_view s = trimBlanks(text);
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
  const std::string_view s = trimBlanks(text);
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
    const std::string n = lower(trimBlanks(name));
    for (int d = 0; d < 7; ++d) {
      if (n == kShort[static_cast<std::size_t>(d)] || n == kLong[static_cast<std::size_t>(d)]) {
        return d;
      }
    }
    fail("unknown day " + inQuotes(trimBlanks(name)) + " in " + inQuotes(s) + std::string(kHelp));
  };
  std::uint8_t mask = 0;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t comma = s.find(',', start);
    if (comma == std::string_view::npos) {
      comma = s.size();
    }
    const std::string_view item = trimBlanks(s.substr(start, comma - start));
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
  const std::string_view s = trimBlanks(text);
  try {
    return parseIsoTime(s, std::nullopt);
  } catch (const InputError& e) {
    fail(e.problem() + " in " + inQuotes(s) + "; write e.g. \"2026-03-02T00:00:00Z\"");
  }
}

HostPort parseHostPort(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    fail(inQuotes(text) + " is not host:port");
  }
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    fail(inQuotes(text) + ": write an IPv6 address in brackets, [::1]:8080");
  }
  if (host.empty()) {
    fail(inQuotes(text) + " has no host");
  }
  int value = -1;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value < 0 ||
      value > 65535) {
    fail(inQuotes(text) + " has no port in 0..65535");
  }
  return {std::string(host), value};
}

}  // namespace shadowscale
