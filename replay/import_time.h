#pragma once

#include <string>
#include <string_view>

#include "core/time.h"

namespace shadowscale {

// Parses an access-log time "01/Jul/1995:00:00:01 -0400" (Apache %t, NGINX $time_local, without
// the brackets) into Unix ns UTC. Returns nullptr on success, else what is wrong.
const char* parseClfTime(std::string_view text, TimeNs& unix_ns);

// Parses ISO 8601 / RFC 3339 date-times: "2024-03-01T12:00:00Z", "2024-03-01 12:00:00.250",
// "2024-03-01T08:00:00-04:00", "2024-03-01". Without a zone the time is local at
// `default_offset` (UTC-4 = -4h). Returns nullptr on success, else what is wrong.
const char* parseIsoTime(std::string_view text, TimeNs default_offset, TimeNs& unix_ns);

// Parses a Unix timestamp: seconds with an optional fraction ("1700000000.125", NGINX $msec);
// integers of 12+ digits are taken as milliseconds, 15+ as microseconds, 18+ as nanoseconds.
const char* parseUnixTime(std::string_view text, TimeNs& unix_ns);

// Parses a timestamp in any of the forms above (CLF only inside brackets is not accepted here).
const char* parseAnyTime(std::string_view text, TimeNs default_offset, TimeNs& unix_ns);

// Parses a UTC offset: "-4h", "+5h30m", "+05:30", "-0400", "90m", "0", "Z", "UTC".
const char* parseUtcOffset(std::string_view text, TimeNs& offset);

// Parses a non-negative decimal number of seconds ("0.005", "12"), as in $request_time, into ns.
const char* parseSeconds(std::string_view text, TimeNs& ns);

// "1995-07-01T04:00:01Z" (fractions of a second shown only when present).
std::string formatUtc(TimeNs unix_ns);

}  // namespace shadowscale
