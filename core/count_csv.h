#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace shadowscale {

// How the timestamps of a count series are written.
enum class CountTimeFormat : std::uint8_t {
  kCivil,        // "YYYY-MM-DD HH:MM[:SS[.fff]]", local at utc_offset unless a zone follows
  kIso8601,      // "YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+hh:mm|+hhmm]"; no zone = utc_offset
  kUnixSeconds,  // seconds since 1970-01-01 UTC, optionally with a fraction
  kUnixMillis,   // milliseconds (12 to 14 digits)
  kUnixMicros,   // microseconds (15 to 17 digits)
  kUnixNanos,    // nanoseconds (18 or 19 digits)
  kCustom,       // the given strftime-like time_format
};

// A human name of a format, for reports and messages.
std::string_view countTimeFormatName(CountTimeFormat f);

// How to read a count series.
struct CountCsvOptions {
  std::string time_format;  // strftime-like (see parseTimeWithFormat); empty = detect
  TimeNs utc_offset = 0;    // zone of timestamps written without one (UTC-4 = -4h)
  int has_header = -1;      // -1 = detect, 0 = no, 1 = yes
};

// One row of a count series.
struct CountRow {
  TimeNs unix_ns = 0;
  double count = 0;
  int line = 0;
};

// The one reader of count series (`timestamp,count` per line, as monitoring systems export them),
// behind count_csv traffic, the forecasting commands and `import --format counts`; the format is
// documented in docs/traffic.md. Lines are fed one at a time, so each caller keeps its own way of
// reading the file and its own policy for bad rows (import skips up to --max-bad of them).
class CountCsvReader {
 public:
  // `name` is the file as shown in messages. Throws InputError when options.time_format has an
  // unsupported directive.
  CountCsvReader(std::string name, CountCsvOptions options);

  // Reads line `line_no` (from 1): its row, or nothing for a blank line, a `#` comment or the
  // header. Throws InputError "name:line: field: problem" for a bad row; a later line can still
  // be read.
  std::optional<CountRow> read(std::string_view line, int line_no);

  bool hadHeader() const { return had_header_; }
  // The format the first data row decided (or kCustom); kCivil until then.
  CountTimeFormat timeFormat() const { return format_; }
  const std::string& name() const { return name_; }

 private:
  // Decides the format from the first data row's timestamp.
  void detectFormat(std::string_view text, int line_no);
  // The timestamp of a data row in the decided format.
  TimeNs readTime(std::string_view text) const;
  // Whether a first line's timestamp field reads as a time (then it is data, not a header).
  bool looksLikeTime(std::string_view text) const;

  std::string name_;
  CountCsvOptions options_;
  CountTimeFormat format_ = CountTimeFormat::kCivil;
  bool format_known_ = false;
  bool had_header_ = false;
  bool seen_content_ = false;
  std::optional<CountRow> last_;  // the last good row, which the next must come after
};

// Reads every row of `in`; throws InputError at the first bad row.
std::vector<CountRow> readCountRows(std::istream& in, const std::string& name,
                                    const CountCsvOptions& options);

}  // namespace shadowscale
