// Fuzz target: the count-series reader. The first byte picks the options (header, a given
// time_format, a UTC offset); the rest is the file.
#include <sstream>
#include <string>

#include "core/count_csv.h"
#include "core/input_error.h"
#include "fuzz/fuzz_targets.h"

namespace shadowscale {

int fuzzCountCsv(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  static const char* const kFormats[] = {"", "%d/%b/%Y:%H:%M:%S %z", "%Y-%j %I:%M:%S.%f %p", "@%s"};
  CountCsvOptions options;
  options.has_header = data[0] % 3 - 1;
  options.time_format = kFormats[(data[0] >> 2) % 4];
  options.utc_offset = ((data[0] >> 4) % 3 - 1) * 4 * kHour;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  try {
    readCountRows(in, "fuzz.csv", options);
  } catch (const InputError&) {
  }
  return 0;
}

}  // namespace shadowscale
