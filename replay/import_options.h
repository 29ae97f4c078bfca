#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "replay/capture_writer.h"

namespace shadowscale {

// The input formats `shadowscale import` converts to the capture format.
enum class ImportFormat : std::uint8_t {
  kClf,       // NCSA Common Log Format (Apache common, NASA 1995 logs)
  kCombined,  // NCSA Combined: Common plus "referer" "user-agent" (Apache, NGINX default)
  kNginx,     // an NGINX log_format string given by the user
  kCounts,    // a per-interval count series: timestamp,count
  kGor,       // GoReplay .gor files
};

// "clf", "combined", "nginx", "counts", "gor".
std::string_view importFormatName(ImportFormat format);
// The format of a name as above; nullopt when unknown.
std::optional<ImportFormat> importFormatFromName(std::string_view name);

// Request headers kept from inputs that carry every header (GoReplay), besides those the user
// adds. Authorization and Cookie are kept so replays can tell signed-in traffic apart; their
// values are redacted.
inline constexpr std::string_view kDefaultKeptHeaders[] = {
    "host", "user-agent", "referer", "content-type", "accept", "authorization", "cookie"};

// One input line that could not be imported.
struct ImportBadLine {
  std::int64_t line = 0;
  std::string reason;
};

// How far an import has got, for progress reports.
struct ImportProgress {
  std::uint64_t bytes_read = 0;
  std::uint64_t total_bytes = 0;  // 0 when unknown (standard input)
  std::uint64_t lines = 0;
  std::uint64_t records = 0;
};

// What to import and how.
struct ImportOptions {
  ImportFormat format = ImportFormat::kCombined;
  std::string nginx_format;       // kNginx: the log_format string
  TimeNs utc_offset = 0;          // kCounts: zone of timestamps written without one
  TimeNs count_interval = 0;      // kCounts: length of one row; 0 = the first two rows' step
  std::string count_time_format;  // kCounts: strftime-like format; empty = detect
  std::int64_t max_bad = 0;       // bad lines skipped before the import fails
  CaptureWriterOptions writer;    // redaction and bodies
  std::vector<std::string> keep_headers;  // request headers kept besides kDefaultKeptHeaders
  std::vector<std::string> route_rules;   // RouteNamer rules
  bool spread_within_second = true;       // spread requests logged in the same second across it
  std::string source_description;         // empty = the input's path
  // Called for every bad line (within the budget), in input order.
  std::function<void(const ImportBadLine&)> on_bad_line;
  // Called every progress_every_bytes of input.
  std::function<void(const ImportProgress&)> on_progress;
  std::uint64_t progress_every_bytes = 64ull << 20;
};

// What an import did.
struct ImportResult {
  std::uint64_t lines = 0;    // input lines (GoReplay: payloads, count series: rows) read
  std::uint64_t records = 0;  // requests written
  std::uint64_t bad_lines = 0;
  std::uint64_t skipped = 0;  // lines that are not requests: comments, headers, responses
  TimeNs first_unix_ns = 0;   // earliest arrival written
  TimeNs last_unix_ns = 0;    // latest arrival written
  std::uint64_t output_bytes = 0;
};

}  // namespace shadowscale
