#include "replay/import_counts.h"

#include <charconv>
#include <cmath>
#include <string>

#include "core/input_error.h"
#include "replay/count_csv_source.h"
#include "replay/import_context.h"
#include "replay/import_time.h"

namespace shadowscale {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

std::string parseCountRow(std::string_view line, TimeNs utc_offset, std::string_view time_format,
                          CountRow& row) {
  const std::size_t sep = line.find_first_of(",;\t");
  if (sep == std::string_view::npos) {
    return "expected 'timestamp,count'";
  }
  const std::string_view time_text = trim(line.substr(0, sep));
  std::string_view count_text = line.substr(sep + 1);
  const std::size_t sep2 = count_text.find_first_of(",;\t");
  if (sep2 != std::string_view::npos) {
    count_text = count_text.substr(0, sep2);
  }
  count_text = trim(count_text);
  if (time_format.empty()) {
    if (const char* e = parseAnyTime(time_text, utc_offset, row.unix_ns)) {
      return std::string("timestamp: ") + e;
    }
  } else {
    std::string error;
    if (!parseTimeWithFormat(time_text, time_format, utc_offset, row.unix_ns, error)) {
      return "timestamp: " + error;
    }
  }
  const char* end = count_text.data() + count_text.size();
  const auto r = std::from_chars(count_text.data(), end, row.count);
  if (count_text.empty() || r.ec != std::errc() || r.ptr != end || !std::isfinite(row.count)) {
    return "count: expected a number";
  }
  if (row.count < 0) {
    return "count: negative";
  }
  return {};
}

void importCounts(ImportContext& context) {
  const ImportOptions& options = context.options();
  ImportInput& input = context.input();
  TimeNs interval = options.count_interval;
  if (interval < 0) {
    throw InputError("--interval: must be positive");
  }
  double carry = 0;
  bool any_row = false;
  bool have_pending = false;  // the first row waits for the second to learn the interval
  CountRow pending;
  TimeNs last_time = 0;
  capture::CaptureRecord record;

  auto emitRow = [&](const CountRow& row) {
    const double total = row.count + carry;
    const double whole = std::floor(total);
    carry = total - whole;
    const auto n = static_cast<std::int64_t>(whole);
    for (std::int64_t j = 0; j < n; ++j) {
      // Midpoints of n equal slices of the interval; 128-bit so huge counts cannot overflow.
      const auto offset = static_cast<TimeNs>(static_cast<__int128>(2 * j + 1) * interval /
                                              (2 * static_cast<__int128>(n)));
      record.Clear();
      context.emit(record, row.unix_ns + offset);
    }
  };

  std::string_view line;
  CountRow row;
  bool first_content = true;
  while (input.nextLine(line)) {
    context.countLine();
    const std::string_view t = trim(line);
    if (t.empty() || t.front() == '#') {
      context.skipLine();
      continue;
    }
    const std::string error = parseCountRow(t, options.utc_offset, options.count_time_format, row);
    // Column names: a first line whose timestamp does not read as one. (A readable timestamp
    // with a bad count is a bad row.)
    const bool header = first_content && !error.empty() && error.rfind("count:", 0) != 0;
    first_content = false;
    if (header) {
      context.skipLine();  // a first line that is not a row is the column names
      continue;
    }
    if (!error.empty()) {
      context.bad(input.lineNumber(), error);
      continue;
    }
    if (any_row && row.unix_ns <= last_time) {
      context.bad(input.lineNumber(), "timestamp: not after the previous row's");
      continue;
    }
    any_row = true;
    last_time = row.unix_ns;
    if (interval == 0) {
      if (!have_pending) {
        pending = row;
        have_pending = true;
        continue;
      }
      interval = row.unix_ns - pending.unix_ns;
      emitRow(pending);
      have_pending = false;
    }
    emitRow(row);
  }
  if (have_pending) {
    throw InputError(input.path() +
                     ": a single row cannot tell the interval; give it with --interval");
  }
}

}  // namespace shadowscale
