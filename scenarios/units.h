#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/time.h"
#include "core/time_text.h"  // formatDuration, the inverse of parseDuration

namespace shadowscale {

// The human-readable quantities of scenario files. Each parser throws InputError with the problem
// with the value alone ("unknown unit "hr" in "1hr""); the scenario loader adds the file, line
// and field.

// Parses a duration such as "90s", "250ms", "1h30m", "7d", "2w", "1.5h" or "-4h". Units, largest
// first and each at most once: w, d, h, m, s, ms, us (or µs), ns. A bare "0" is zero. The result
// must be a whole number of nanoseconds.
TimeNs parseDuration(std::string_view text);

// Parses a rate such as "100/s", "6000/min", "1.5/ms" into requests per second. Units: ns, us,
// ms, s, m or min, h, d. Negative rates are rejected.
double parseRatePerSecond(std::string_view text);

// Parses a time of day "HH:MM" or "HH:MM:SS" (00:00 to 24:00) into the time since midnight.
TimeNs parseTimeOfDay(std::string_view text);

// Parses a set of week days into a bit mask (bit 0 = Monday .. bit 6 = Sunday): "*", "Mon-Fri",
// "Sat,Sun", "Fri-Mon" (a range may wrap past Sunday). Names are three-letter or full English
// day names, in any case.
std::uint8_t parseDays(std::string_view text);

// Parses an ISO 8601 timestamp "2026-03-02T00:00:00Z", "2026-03-02T09:30:00.5+02:00" or a date
// "2026-03-02" (midnight UTC) into nanoseconds since the Unix epoch. A time needs a zone: Z or an
// offset, so local times are never guessed.
TimeNs parseUtcTimestamp(std::string_view text);

// A network address "host:port" split in two.
struct HostPort {
  std::string host;
  int port = 0;
};

// Parses "host:port" (a name or IPv4 address, or "[v6]:port") with a port in 0..65535; the
// host may not be empty.
HostPort parseHostPort(std::string_view text);

}  // namespace shadowscale
