#include "replay/import_counts.h"

#include <cmath>
#include <optional>
#include <string>

#include "core/count_csv.h"
#include "core/input_error.h"
#include "replay/import_context.h"

namespace shadowscale {

void importCounts(ImportContext& context) {
  const ImportOptions& options = context.options();
  ImportInput& input = context.input();
  TimeNs interval = options.count_interval;
  if (interval < 0) {
    throw InputError("--interval: must be positive");
  }
  double carry = 0;
  bool have_pending = false;  // the first row waits for the second to learn the interval
  CountRow pending;
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

  CountCsvReader reader(input.path(), {options.count_time_format, options.utc_offset, -1});
  std::string_view line;
  while (input.nextLine(line)) {
    context.countLine();
    std::optional<CountRow> read;
    try {
      read = reader.read(line, static_cast<int>(input.lineNumber()));
    } catch (const InputError& e) {
      context.bad(input.lineNumber(), e.detail());
      continue;
    }
    if (!read) {
      context.skipLine();  // a blank line, a comment or the column names
      continue;
    }
    const CountRow& row = *read;
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
