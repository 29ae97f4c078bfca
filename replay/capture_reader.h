#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "replay/capture.pb.h"
#include "replay/capture_record_view.h"

namespace shadowscale {

// The incomplete last frame of a capture whose writer was killed: where it starts and how many
// bytes of it made it to the file.
struct CaptureTornTail {
  std::uint64_t offset = 0;
  std::uint64_t bytes = 0;
};

// Reads a capture file as a stream, one checked record at a time, holding only one chunk of the
// file in memory. A torn tail ends the records quietly (see tornTail()); a complete frame that
// fails its checksum or does not parse is never returned: it throws InputError naming the file
// and its byte offset.
class CaptureReader {
 public:
  // Opens `path` and reads its header. Throws InputError when the file is not a capture, its
  // header is damaged or cut off, or its format version is newer than this build reads.
  explicit CaptureReader(std::string path, std::size_t chunk_bytes = 1 << 20);
  // Reads an open stream (a pipe, or memory from fmemopen), which it then owns and closes;
  // `name` stands for the file in messages.
  CaptureReader(std::FILE* file, std::string name, std::size_t chunk_bytes = 1 << 20);
  ~CaptureReader();
  CaptureReader(const CaptureReader&) = delete;
  CaptureReader& operator=(const CaptureReader&) = delete;

  const capture::CaptureHeader& header() const { return header_; }
  const std::string& path() const { return path_; }

  // Reads the next record into `record`; false at the end of the complete records.
  bool next(capture::CaptureRecord& record);
  // Reads the next record into a zero-copy view (valid until the next call): every field, at
  // several times the speed of building a message.
  bool next(CaptureRecordView& view);
  // Reads the next record's checked payload without parsing it, for readers that decode a few
  // fields themselves; the view is valid until the next call.
  bool nextPayload(std::string_view& payload);
  // Goes back to the first record.
  void rewind();

  // Set once reading has stopped at an incomplete last frame.
  const std::optional<CaptureTornTail>& tornTail() const { return torn_; }
  // Records returned so far (since the last rewind).
  std::uint64_t recordsRead() const { return records_; }
  // Byte offset of the frame of the last record returned.
  std::uint64_t lastRecordOffset() const { return last_offset_; }
  // Bytes of file data held in memory: stays at the chunk size whatever the file's length.
  std::size_t bufferCapacity() const { return buffer_.capacity(); }

 private:
  enum class Frame { kOk, kEnd, kTorn };
  // Reads the magic bytes and the header; closes the file before throwing.
  void readHeaderOrClose();
  void readHeader();
  Frame readFrame(std::string_view& payload);
  bool fill(std::size_t need);
  [[noreturn]] void damaged(std::uint64_t offset, const std::string& what) const;

  std::string path_;
  std::size_t chunk_bytes_;
  std::FILE* file_ = nullptr;
  capture::CaptureHeader header_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;       // first unread byte in buffer_
  std::size_t end_ = 0;         // one past the last valid byte in buffer_
  std::uint64_t file_pos_ = 0;  // file offset of buffer_[begin_]
  bool eof_ = false;
  std::uint64_t first_record_offset_ = 0;
  std::uint64_t records_ = 0;
  std::uint64_t last_offset_ = 0;
  std::optional<CaptureTornTail> torn_;
};

}  // namespace shadowscale
