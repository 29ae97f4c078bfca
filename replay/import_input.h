#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace shadowscale {

// Reads an importer's input file (or standard input for "-") in chunks and cuts it into lines or
// delimited records, counting line numbers for messages. Memory holds one chunk (or the longest
// record), whatever the file's size.
class ImportInput {
 public:
  // Opens `path`; throws InputError naming it when it cannot be opened.
  explicit ImportInput(std::string path, std::size_t chunk_bytes = 1 << 20);
  ~ImportInput();
  ImportInput(const ImportInput&) = delete;
  ImportInput& operator=(const ImportInput&) = delete;

  // The next line without its "\n" or "\r\n"; false at the end of the input. lineNumber() is
  // then the line's number (1-based).
  bool nextLine(std::string_view& line);
  // The next record ending in `delimiter` (or at the end of the input), delimiter removed; false
  // at the end. lineNumber() is then the number of the record's first line.
  bool nextRecord(std::string_view delimiter, std::string_view& record);

  std::int64_t lineNumber() const { return line_number_; }
  const std::string& path() const { return path_; }
  // Bytes consumed so far, and the input's size (0 when unknown, as for a pipe).
  std::uint64_t bytesRead() const { return consumed_; }
  std::uint64_t totalBytes() const { return total_bytes_; }

 private:
  bool refill();

  std::string path_;
  std::FILE* file_ = nullptr;
  bool owns_file_ = false;
  std::vector<char> buffer_;
  std::size_t chunk_bytes_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  std::int64_t line_number_ = 0;
  std::int64_t next_line_ = 1;
  std::uint64_t consumed_ = 0;
  std::uint64_t total_bytes_ = 0;
};

}  // namespace shadowscale
