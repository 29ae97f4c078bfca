#include "replay/capture_writer.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "replay/capture_crc32c.h"
#include "replay/capture_format.h"

namespace shadowscale {

CaptureWriter::CaptureWriter(std::string path, capture::CaptureHeader header,
                             CaptureWriterOptions options)
    : path_(std::move(path)),
      options_(std::move(options)),
      redactor_(options_.redaction),
      header_(std::move(header)) {
  header_.set_format_version(kCaptureFormatVersion);
  header_.clear_redacted_headers();
  for (const std::string& h : redactor_.headerNames()) {
    header_.add_redacted_headers(h);
  }
  header_.clear_redacted_query_params();
  for (const std::string& q : redactor_.queryParams()) {
    header_.add_redacted_query_params(q);
  }
  header_.set_bodies_kept(options_.keep_body);

  file_ = std::fopen(path_.c_str(), "wb");
  if (file_ == nullptr) {
    fail("cannot create");
  }
  buffer_.reserve(options_.buffer_bytes + 4096);
  buffer_.append(kCaptureMagic);
  appendFrame(header_);
  // The header goes out at once: a process killed before its first record leaves a valid,
  // empty capture rather than a file no reader accepts.
  flush();
}

CaptureWriter::~CaptureWriter() {
  if (file_ != nullptr) {
    try {
      close();
    } catch (const std::exception&) {
      // A destructor cannot report; callers who care call close() themselves.
    }
  }
}

void CaptureWriter::write(capture::CaptureRecord& record) {
  if (file_ == nullptr) {
    throw std::logic_error(path_ + ": write after close");
  }
  if (!record.body().empty() && !record.has_body_size()) {
    record.set_body_size(record.body().size());
    record.set_body_hash(captureBodyHash(record.body()));
  }
  if (!options_.keep_body && !record.body().empty()) {
    record.clear_body();
  }
  redactor_.apply(record);
  appendFrame(record);
  ++records_;
  if (buffer_.size() >= options_.buffer_bytes) {
    writeOut();
  }
}

void CaptureWriter::appendFrame(const google::protobuf::MessageLite& message) {
  const std::size_t size = message.ByteSizeLong();
  if (size > kMaxCaptureFrameBytes) {
    throw std::runtime_error(path_ + ": record " + std::to_string(records_ + 1) + " is " +
                             std::to_string(size) + " bytes, above the format's limit of " +
                             std::to_string(kMaxCaptureFrameBytes));
  }
  char varint[10];
  std::size_t n = 0;
  std::uint64_t v = size;
  while (v >= 0x80) {
    varint[n++] = static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  varint[n++] = static_cast<char>(v);
  buffer_.append(varint, n);

  const std::size_t start = buffer_.size();
  buffer_.resize(start + size + kCaptureCrcBytes);
  auto* payload = reinterpret_cast<std::uint8_t*>(buffer_.data() + start);
  message.SerializeWithCachedSizesToArray(payload);
  const std::uint32_t crc = maskCrc(crc32c(payload, size));
  for (std::size_t i = 0; i < kCaptureCrcBytes; ++i) {
    payload[size + i] = static_cast<std::uint8_t>(crc >> (8 * i));
  }
}

void CaptureWriter::writeOut() {
  if (buffer_.empty()) {
    return;
  }
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    fail("write failed");
  }
  bytes_ += buffer_.size();
  buffer_.clear();
}

void CaptureWriter::flush() {
  writeOut();
  if (std::fflush(file_) != 0) {
    fail("write failed");
  }
}

void CaptureWriter::close() {
  if (file_ == nullptr) {
    return;
  }
  std::FILE* f = file_;
  try {
    flush();
  } catch (...) {
    std::fclose(f);
    file_ = nullptr;
    throw;
  }
  file_ = nullptr;
  if (std::fclose(f) != 0) {
    fail("close failed");
  }
}

void CaptureWriter::fail(const std::string& what) const {
  throw std::runtime_error(path_ + ": " + what + ": " + std::strerror(errno));
}

}  // namespace shadowscale
