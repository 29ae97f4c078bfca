#include "report/csv_table.h"

#include "core/text.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace shadowscale {

namespace {

bool blank(std::string_view s) {
  return trimBlanks(s).empty();
}

}  // namespace

bool splitCsvLine(std::string_view line, std::vector<std::string>& fields) {
  std::size_t count = 0;
  auto next_field = [&]() -> std::string& {
    if (count == fields.size()) {
      fields.emplace_back();
    }
    std::string& f = fields[count++];
    f.clear();
    return f;
  };
  const std::string_view text = trimBlanks(line);
  std::size_t i = 0;
  while (true) {
    std::string& f = next_field();
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
      ++i;
    }
    if (i < text.size() && text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            f += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        f += text[i++];
      }
      if (!closed) {
        return false;
      }
      // Anything between the closing quote and the comma is kept, as spreadsheets do.
      while (i < text.size() && text[i] != ',') {
        f += text[i++];
      }
      f = std::string(trimBlanks(f));
    } else {
      const std::size_t comma = text.find(',', i);
      const std::size_t stop = comma == std::string_view::npos ? text.size() : comma;
      f.assign(trimBlanks(text.substr(i, stop - i)));
      i = stop;
    }
    if (i >= text.size()) {
      break;
    }
    ++i;  // the comma
  }
  fields.resize(count);
  return true;
}

std::optional<double> parseCsvNumber(std::string_view text) {
  if (text.empty()) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  double v = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (*begin == '+') {
    ++begin;
  }
  const auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc() || ptr != end) {
    return std::nullopt;
  }
  return v;
}

CsvTableReader::CsvTableReader(const std::string& path, bool whole_lines)
    : path_(path), whole_lines_(whole_lines) {
  in_.open(path, std::ios::binary);
  if (!in_) {
    throw InputError::at(path, 0, "", "cannot open the file");
  }
  while (std::getline(in_, line_text_)) {
    ++line_;
    if (!blank(line_text_)) {
      break;
    }
  }
  if (blank(line_text_)) {
    throw InputError::at(path, 0, "", "the file is empty; expected a header row of column names");
  }
  // A UTF-8 byte order mark is not part of the first column's name.
  if (line_ == 1 && line_text_.rfind("\xEF\xBB\xBF", 0) == 0) {
    line_text_.erase(0, 3);
  }
  if (!splitCsvLine(line_text_, fields_)) {
    throw error("", "a quoted column name is not closed");
  }
  header_ = fields_;
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i].empty()) {
      throw error("", "column " + std::to_string(i + 1) + " of the header has no name");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (header_[j] == header_[i]) {
        throw error(header_[i], "the header names this column twice");
      }
    }
  }
}

std::optional<std::size_t> CsvTableReader::column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) {
      return i;
    }
  }
  return std::nullopt;
}

bool CsvTableReader::next() {
  while (std::getline(in_, line_text_)) {
    ++line_;
    if (blank(line_text_)) {
      continue;
    }
    if (whole_lines_ && in_.eof()) {
      throw error("",
                  "the file ends in the middle of this row (no newline after it): it was "
                  "cut off, perhaps by a run that did not finish or a copy that failed");
    }
    split();
    if (views_.size() != header_.size()) {
      throw error("", "the row has " + std::to_string(views_.size()) + " fields, the header " +
                          std::to_string(header_.size()));
    }
    return true;
  }
  if (in_.bad()) {
    throw error("", "read failed");
  }
  return false;
}

void CsvTableReader::split() {
  views_.clear();
  const std::string_view line = line_text_;
  if (line.find('"') == std::string_view::npos) {
    // No quotes (every row a run writes): the fields are the text between commas, viewed in
    // place, with no copies.
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = line.find(',', start);
      const std::size_t stop = comma == std::string_view::npos ? line.size() : comma;
      views_.push_back(trimBlanks(line.substr(start, stop - start)));
      if (comma == std::string_view::npos) {
        return;
      }
      start = comma + 1;
    }
  }
  if (!splitCsvLine(line_text_, fields_)) {
    throw error("", "a quoted field is not closed on this line");
  }
  views_.assign(fields_.begin(), fields_.end());
}

std::string_view CsvTableReader::field(std::size_t index) const {
  return index < views_.size() ? views_[index] : std::string_view();
}

double CsvTableReader::number(std::size_t index) const {
  const std::string_view text = field(index);
  const std::optional<double> v = parseCsvNumber(text);
  if (!v) {
    throw error(index < header_.size() ? header_[index] : "",
                "expected a number, got '" + std::string(text) + "'");
  }
  return *v;
}

InputError CsvTableReader::error(const std::string& field, const std::string& what) const {
  return InputError::at(path_, line_, field, what);
}

}  // namespace shadowscale
