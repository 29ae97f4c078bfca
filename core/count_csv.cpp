#include "core/count_csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <istream>

#include "core/input_error.h"
#include "core/text.h"
#include "core/time_text.h"

namespace shadowscale {
namespace {

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

// A field without its blanks and one pair of surrounding double quotes (spreadsheets quote).
std::string_view unquote(std::string_view s) {
  s = trimBlanks(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    s = trimBlanks(s.substr(1, s.size() - 2));
  }
  return s;
}

// A finite decimal number, the whole field (a leading '+' allowed).
bool parseNumber(std::string_view s, double& v) {
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
  }
  if (s.empty()) {
    return false;
  }
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(v);
}

bool isUnixFormat(CountTimeFormat f) {
  return f == CountTimeFormat::kUnixSeconds || f == CountTimeFormat::kUnixMillis ||
         f == CountTimeFormat::kUnixMicros || f == CountTimeFormat::kUnixNanos;
}

TimeNs unixUnit(CountTimeFormat f) {
  switch (f) {
    case CountTimeFormat::kUnixMillis:
      return kMillisecond;
    case CountTimeFormat::kUnixMicros:
      return kMicrosecond;
    case CountTimeFormat::kUnixNanos:
      return kNanosecond;
    default:
      return kSecond;
  }
}

}  // namespace

std::string_view countTimeFormatName(CountTimeFormat f) {
  switch (f) {
    case CountTimeFormat::kCivil:
      return "YYYY-MM-DD HH:MM:SS";
    case CountTimeFormat::kIso8601:
      return "ISO 8601 (YYYY-MM-DDTHH:MM:SS[Z|+hh:mm])";
    case CountTimeFormat::kUnixSeconds:
      return "unix seconds";
    case CountTimeFormat::kUnixMillis:
      return "unix milliseconds";
    case CountTimeFormat::kUnixMicros:
      return "unix microseconds";
    case CountTimeFormat::kUnixNanos:
      return "unix nanoseconds";
    case CountTimeFormat::kCustom:
      return "the given time_format";
  }
  return "unknown";
}

CountCsvReader::CountCsvReader(std::string name, CountCsvOptions options)
    : name_(std::move(name)), options_(std::move(options)) {
  if (!options_.time_format.empty()) {
    try {
      checkTimeFormat(options_.time_format);
    } catch (const InputError& e) {
      throw e.in(name_, 0, "time_format");
    }
    format_ = CountTimeFormat::kCustom;
    format_known_ = true;
  }
}

bool CountCsvReader::looksLikeTime(std::string_view text) const {
  try {
    if (format_ == CountTimeFormat::kCustom) {
      parseTimeWithFormat(text, options_.time_format, options_.utc_offset);
    } else {
      parseAnyTime(text, options_.utc_offset);
    }
    return true;
  } catch (const InputError&) {
    return false;
  }
}

void CountCsvReader::detectFormat(std::string_view text, int line_no) {
  const bool numeric = !text.empty() && std::all_of(text.begin(), text.end(), [](char ch) {
    return isDigit(ch) || ch == '.';
  });
  if (numeric) {
    const std::size_t whole_digits = std::min(text.find('.'), text.size());
    const TimeNs unit = unixUnitForDigits(whole_digits);
    format_ = unit == kSecond        ? CountTimeFormat::kUnixSeconds
              : unit == kMillisecond ? CountTimeFormat::kUnixMillis
              : unit == kMicrosecond ? CountTimeFormat::kUnixMicros
                                     : CountTimeFormat::kUnixNanos;
  } else if (text.size() > 10 && text[10] == 'T') {
    format_ = CountTimeFormat::kIso8601;
  } else if (text.size() > 10 && text[10] == ' ') {
    format_ = CountTimeFormat::kCivil;
  } else {
    throw InputError::at(name_, line_no, "timestamp",
                         "cannot tell the format of '" + std::string(text) +
                             "' (detected: YYYY-MM-DD HH:MM:SS, YYYY-MM-DDTHH:MM:SS[Z|+hh:mm], "
                             "unix seconds or milliseconds); set time_format");
  }
  format_known_ = true;
}

TimeNs CountCsvReader::readTime(std::string_view text) const {
  if (format_ == CountTimeFormat::kCustom) {
    return parseTimeWithFormat(text, options_.time_format, options_.utc_offset);
  }
  if (isUnixFormat(format_)) {
    return parseUnixTime(text, unixUnit(format_));
  }
  // Every row keeps the first row's layout: a 'T' or a space between date and time.
  const char separator = format_ == CountTimeFormat::kIso8601 ? 'T' : ' ';
  if (text.size() <= 10 || text[10] != separator) {
    throw InputError(std::string("expected '") + separator +
                     "' after the date, as in the first row");
  }
  return parseIsoTime(text, options_.utc_offset);
}

std::optional<CountRow> CountCsvReader::read(std::string_view line, int line_no) {
  std::string_view text = line;
  if (line_no == 1 && text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);  // a UTF-8 byte-order mark, as spreadsheets write
  }
  text = trimBlanks(text);
  if (text.empty() || text.front() == '#') {
    return std::nullopt;
  }
  const bool first = !seen_content_;
  seen_content_ = true;
  const std::size_t columns =
      1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), ','));
  const std::size_t comma = text.find(',');
  const std::string_view time_text = unquote(text.substr(0, comma));
  const std::string_view count_text =
      columns == 2 ? unquote(text.substr(comma + 1)) : std::string_view();
  CountRow row;
  row.line = line_no;
  const bool count_ok = parseNumber(count_text, row.count);
  if (first) {
    // A first row is a header when its count is not a number, unless its timestamp reads as a
    // time: then it is a bad data row, reported below rather than skipped.
    had_header_ = options_.has_header == 1 ||
                  (options_.has_header == -1 && !count_ok && !looksLikeTime(time_text));
    if (had_header_) {
      return std::nullopt;
    }
  }
  if (columns != 2) {
    throw InputError::at(name_, line_no, "columns",
                         "expected 2 columns (timestamp,count), found " + std::to_string(columns));
  }
  if (!count_ok) {
    throw InputError::at(name_, line_no, "count",
                         "'" + std::string(count_text) + "' is not a number");
  }
  if (row.count < 0) {
    throw InputError::at(name_, line_no, "count", "negative count " + std::string(count_text));
  }
  if (!format_known_) {
    detectFormat(time_text, line_no);
  }
  try {
    row.unix_ns = readTime(time_text);
  } catch (const InputError& e) {
    const std::string expected = format_ == CountTimeFormat::kCustom
                                     ? "time_format \"" + options_.time_format + "\""
                                     : std::string(countTimeFormatName(format_));
    throw InputError::at(
        name_, line_no, "timestamp",
        "'" + std::string(time_text) + "' is not a valid time in " + expected + ": " + e.problem());
  }
  if (last_ && row.unix_ns <= last_->unix_ns) {
    throw InputError::at(name_, line_no, "timestamp",
                         "'" + std::string(time_text) +
                             "' is not after the previous row's time (line " +
                             std::to_string(last_->line) + ")");
  }
  last_ = row;
  return row;
}

std::vector<CountRow> readCountRows(std::istream& in, const std::string& name,
                                    const CountCsvOptions& options) {
  CountCsvReader reader(name, options);
  std::vector<CountRow> rows;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    if (const auto row = reader.read(line, ++line_no)) {
      rows.push_back(*row);
    }
  }
  if (in.bad()) {
    throw InputError::at(name, line_no, "", "read error");
  }
  return rows;
}

}  // namespace shadowscale
