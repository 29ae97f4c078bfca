#pragma once

#include <cstddef>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/input_error.h"

namespace shadowscale {

// Splits one CSV line into `fields` (reused to save allocations): a field in double quotes may
// hold commas ("" is a quote); surrounding blanks are removed. False if a quote is not closed.
bool splitCsvLine(std::string_view line, std::vector<std::string>& fields);

// A CSV field as a number: NaN when empty (a value not recorded), nullopt when not a number.
std::optional<double> parseCsvNumber(std::string_view text);

// Reads a CSV file with a header row one row at a time, so a file of any length is read in
// fixed memory. Columns are found by header name; a field in double quotes may hold commas
// ("" is a quote). Every error names the file and line (and the column when there is one).
class CsvTableReader {
 public:
  // Opens `path` and reads its header. Throws InputError if it cannot be read, is empty, or the
  // header names a column twice. With `whole_lines`, a last row without its newline is an
  // error: files written a row at a time (intervals.csv) end with one, so a missing newline
  // means the file was cut off mid-row and its last value cannot be trusted.
  explicit CsvTableReader(const std::string& path, bool whole_lines = false);

  // The header's column names, in order.
  const std::vector<std::string>& header() const { return header_; }

  // The index of the column named `name`, if the header has one.
  std::optional<std::size_t> column(std::string_view name) const;

  // Moves to the next row, skipping blank lines; false at the end of the file. Throws
  // InputError if the row's field count differs from the header's or a quote is not closed.
  bool next();

  // Field `index` of the current row, unquoted and with surrounding spaces removed.
  std::string_view field(std::size_t index) const;
  // Every field of the current row, as field() gives them; valid until the next next().
  std::span<const std::string_view> fields() const { return views_; }

  // Field `index` as a number; NaN when the field is empty (a value not recorded). Throws
  // InputError naming file:line and the column if it is not a number.
  double number(std::size_t index) const;

  // The 1-based line of the current row (of the header before the first next()).
  int line() const { return line_; }

  // The file being read, as given.
  const std::string& path() const { return path_; }

  // An InputError at the current line naming `field` (may be empty).
  InputError error(const std::string& field, const std::string& what) const;

 private:
  // Splits line_text_ into views_.
  void split();

  std::string path_;
  bool whole_lines_ = false;
  std::ifstream in_;
  std::string line_text_;
  std::vector<std::string> header_;
  std::vector<std::string> fields_;      // the current row's fields when one is quoted
  std::vector<std::string_view> views_;  // the current row's fields
  int line_ = 0;
};

}  // namespace shadowscale
