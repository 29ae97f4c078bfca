#pragma once

#include <string_view>

#include "core/time.h"

namespace shadowscale {

class ImportContext;

// One row of a count series: "timestamp,count" (a ';' or tab also separates; further columns
// are ignored).
struct CountRow {
  TimeNs unix_ns = 0;
  double count = 0;
};

// Parses a row; timestamps without a zone are local at `utc_offset`; `time_format` is
// strftime-like (empty = ISO 8601, Unix seconds or milliseconds, or CLF time). Returns an empty
// string or what is wrong, naming the field.
std::string parseCountRow(std::string_view line, TimeNs utc_offset, std::string_view time_format,
                          CountRow& row);

// Imports a count series. Each row's count becomes that many requests spread evenly across the
// row's interval (deterministic: the midpoints of equal slices); fractional counts carry over to
// the next row so totals are kept.
void importCounts(ImportContext& context);

}  // namespace shadowscale
