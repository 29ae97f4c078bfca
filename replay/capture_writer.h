#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "replay/capture.pb.h"
#include "replay/redaction.h"

namespace shadowscale {

// How a capture writer treats what it is given.
struct CaptureWriterOptions {
  RedactionRules redaction;            // added to the default redactions, which always apply
  bool keep_body = false;              // otherwise bodies are dropped (their size and hash stay)
  std::size_t buffer_bytes = 1 << 20;  // records are written out in chunks of about this size
};

// Writes a capture file as a stream: the header first, then one checked frame per record, so a
// file cut off by a killed process still holds every complete record. Every record passes
// through the Redactor first.
class CaptureWriter {
 public:
  // Creates or truncates `path` and writes the magic and `header` (format_version, redaction
  // names and bodies_kept are filled in here). Throws std::runtime_error naming the file when it
  // cannot be written.
  CaptureWriter(std::string path, capture::CaptureHeader header, CaptureWriterOptions options = {});
  ~CaptureWriter();
  CaptureWriter(const CaptureWriter&) = delete;
  CaptureWriter& operator=(const CaptureWriter&) = delete;

  // Redacts `record` in place (header names are lower-cased), drops its body unless bodies are
  // kept, and appends it.
  void write(capture::CaptureRecord& record);
  // Hands buffered records to the operating system, so a killed process keeps them.
  void flush();
  // Flushes and closes; throws std::runtime_error naming the file on a write error.
  void close();

  const capture::CaptureHeader& header() const { return header_; }
  const std::string& path() const { return path_; }
  std::uint64_t records() const { return records_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  void appendFrame(const google::protobuf::MessageLite& message);
  void writeOut();
  [[noreturn]] void fail(const std::string& what) const;

  std::string path_;
  CaptureWriterOptions options_;
  Redactor redactor_;
  capture::CaptureHeader header_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  std::uint64_t records_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace shadowscale
