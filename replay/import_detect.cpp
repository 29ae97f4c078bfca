#include "replay/import_detect.h"

#include <string>
#include <string_view>

#include "core/count_csv.h"
#include "core/input_error.h"
#include "core/text.h"
#include "replay/capture.pb.h"
#include "replay/import_access_log.h"
#include "replay/import_input.h"

namespace shadowscale {
namespace {

// Lines read before giving up on finding data: a log starts with data, a CSV with a header.
constexpr int kMaxLinesLooked = 20;

// GoReplay's meta line: "<1|2|3> <id> <timestamp-ns>[ <latency-ns>]".
bool looksLikeGorMeta(std::string_view line) {
  if (line.size() < 5 || (line[0] != '1' && line[0] != '2' && line[0] != '3') || line[1] != ' ') {
    return false;
  }
  const std::size_t id_end = line.find(' ', 2);
  if (id_end == std::string_view::npos || id_end == 2 || id_end + 1 >= line.size()) {
    return false;
  }
  std::string_view stamp = line.substr(id_end + 1);
  stamp = stamp.substr(0, stamp.find(' '));
  return !stamp.empty() && stamp.find_first_not_of("0123456789") == std::string_view::npos;
}

// Whether the preset access-log parser reads `line`; `error` says why not.
bool parsesAs(const AccessLogFormat& format, std::string_view line, std::string& error) {
  AccessLogParser parser(format);
  capture::CaptureRecord record;
  try {
    parser.parse(line, record);
    return true;
  } catch (const InputError& e) {
    error = e.what();
    return false;
  }
}

// How line `line_number` reads as the first line of a count series.
enum class CountLine { kRow, kColumnNames, kNot };

CountLine readsAsCountLine(std::string_view line, int line_number) {
  CountCsvReader reader("", {});
  try {
    return reader.read(line, line_number) ? CountLine::kRow : CountLine::kColumnNames;
  } catch (const InputError&) {
    return CountLine::kNot;
  }
}

// The refusal for a file that is none of the formats, at the line that showed it.
InputError notALog(const std::string& path, int line, const std::string& combined_error) {
  return InputError::at(path, line, "",
                        "not an access log (Combined or Common Log Format), a GoReplay .gor "
                        "file or a count series (time,count); read as a Combined log line: " +
                            combined_error);
}

}  // namespace

ImportFormat detectImportFormat(const std::string& path) {
  ImportInput input(path, 64 << 10);
  std::string_view raw;
  int header_line = 0;  // a first line that may be a count series' column names
  std::string header_error;
  while (input.nextLine(raw) && input.lineNumber() <= kMaxLinesLooked) {
    const std::string_view line = trimBlanks(raw);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const int line_number = static_cast<int>(input.lineNumber());
    const bool first_content = header_line == 0;
    if (first_content && looksLikeGorMeta(line)) {
      return ImportFormat::kGor;
    }
    std::string combined_error;
    std::string common_error;
    if (parsesAs(AccessLogFormat::combined(), line, combined_error)) {
      return ImportFormat::kCombined;
    }
    if (parsesAs(AccessLogFormat::common(), line, common_error)) {
      return ImportFormat::kClf;
    }
    const CountLine count = readsAsCountLine(line, line_number);
    if (count == CountLine::kRow) {
      return ImportFormat::kCounts;
    }
    // A count series may start with its column names; its next line decides.
    if (first_content && count == CountLine::kColumnNames &&
        line.find(',') != std::string_view::npos) {
      header_line = line_number;
      header_error = combined_error;
      continue;
    }
    throw notALog(path, line_number, combined_error);
  }
  if (header_line == 0) {
    throw InputError::at(path, 0, "", "holds no line to import");
  }
  throw notALog(path, header_line, header_error);
}

}  // namespace shadowscale
