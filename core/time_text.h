#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/calendar.h"
#include "core/time.h"

namespace shadowscale {

// Times as text: the one place that reads timestamps, UTC offsets and strftime-like formats and
// writes times and durations back. Access logs, count series, scenarios and reports all call it.
// Every parser throws InputError with the problem alone ("day 30 is out of range: February 2024
// has 29 days"); the caller, which knows the file, line and field, adds them (InputError::in).

// Years whose nanosecond Unix times fit in 64 bits: every timestamp must lie in them.
inline constexpr int kMinYear = 1678;
inline constexpr int kMaxYear = 2261;
// UTC offsets in use lie within -12h and +14h; ISO 8601 allows up to 18 hours either way.
inline constexpr TimeNs kMaxUtcOffset = 18 * kHour;

// A date and time as written, before it is checked and converted.
struct CivilFields {
  int year = 1970;
  int month = 1;
  int day = 1;
  int day_of_year = 0;  // 1..366 when the date is written as a day of the year (%j), else 0
  int hour = 0;
  int minute = 0;
  int second = 0;              // 60 is a leap second: Unix time folds it into the next second
  TimeNs fraction = 0;         // of the second, in ns
  std::optional<TimeNs> zone;  // the offset written with the time, if any
};

// Checks every field (31 February is rejected, as is hour 24) and converts to Unix ns; a time
// without its own zone is local at `utc_offset` (UTC-4 = -4h).
TimeNs civilToUnix(const CivilFields& c, TimeNs utc_offset);

// Reads an access-log time "01/Jul/1995:00:00:01 -0400" (Apache %t and NGINX $time_local without
// the brackets).
TimeNs parseClfTime(std::string_view text);

// Reads ISO 8601 / RFC 3339: "2024-03-01T12:00:00Z", "2024-03-01 12:00:00.250",
// "2024-03-01T08:00-04:00", "2024-03-01T13:30:00+0130", "2024-03-01". A time without a zone is
// local at `default_offset`; when that is nullopt a time must carry its zone (so a local time is
// never guessed) and a bare date is midnight UTC.
TimeNs parseIsoTime(std::string_view text, std::optional<TimeNs> default_offset);

// Reads a Unix timestamp, digits with an optional fraction, in units of `unit` ns.
TimeNs parseUnixTime(std::string_view text, TimeNs unit);

// Reads a Unix timestamp whose unit is told by its length, as loggers write them: up to 11
// digits are seconds (with an optional fraction, NGINX $msec), 12 to 14 milliseconds, 15 to 17
// microseconds, 18 or 19 nanoseconds.
TimeNs parseUnixTime(std::string_view text);

// The unit (kSecond, kMillisecond, ...) parseUnixTime(text) takes for a number of `digits`
// before the point.
TimeNs unixUnitForDigits(std::size_t digits);

// Reads any of the three: ISO 8601, CLF time, or a Unix timestamp.
TimeNs parseAnyTime(std::string_view text, TimeNs default_offset);

// Reads a UTC offset: "-4h", "+5h30m", "90m", "+05:30", "-0400", "0", "Z", "UTC"; at most
// kMaxUtcOffset either way.
TimeNs parseUtcOffset(std::string_view text);

// Reads a non-negative decimal number of seconds ("0.005", "12", NGINX $request_time) as ns.
TimeNs parseDecimalSeconds(std::string_view text);

// Reads a timestamp with a strftime-like `format`. Directives: %Y %y (69-99 are 19xx) %m %d %e
// %j (day of the year) %H %I with %p (AM/PM) %M %S %f (digits of a fraction of a second) %s
// (Unix seconds) %z (Z, +hh, +hhmm, +hh:mm) %b %h %B (English month names) %T (%H:%M:%S)
// %F (%Y-%m-%d) %%. A space matches any run of blanks; other characters match themselves.
// Without %z or %s the time is local at `utc_offset`.
TimeNs parseTimeWithFormat(std::string_view text, std::string_view format, TimeNs utc_offset);

// Checks a strftime-like format once, before any timestamp is read with it; throws InputError
// naming an unsupported directive.
void checkTimeFormat(std::string_view format);

// "1995-07-01T04:00:01Z" (a fraction of a second shown only when there is one, shortest exact).
std::string formatUtc(TimeNs unix_ns);

// "YYYY-MM-DD HH:MM" of a civil time, for reports.
std::string formatCivil(const CivilTime& c);

// "UTC-04:00" for an offset.
std::string formatUtcOffset(TimeNs offset);

// A duration the way scenario files write it, exact and largest unit first: "1h30m", "250ms",
// "1s500ms", "62d", "-4h", "0s"; kNever is "never". The one formatter of durations for
// messages, tables and notes.
std::string formatDuration(TimeNs duration);

}  // namespace shadowscale
