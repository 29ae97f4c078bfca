#include "replay/capture_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/input_error.h"
#include "replay/capture_crc32c.h"
#include "replay/capture_format.h"

namespace shadowscale {
namespace {

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

}  // namespace

CaptureReader::CaptureReader(std::string path, std::size_t chunk_bytes)
    : path_(std::move(path)), chunk_bytes_(std::max<std::size_t>(chunk_bytes, 64)) {
  file_ = std::fopen(path_.c_str(), "rb");
  if (file_ == nullptr) {
    throw InputError::at(path_, 0, "", std::string("cannot open: ") + std::strerror(errno));
  }
  readHeaderOrClose();
}

CaptureReader::CaptureReader(std::FILE* file, std::string name, std::size_t chunk_bytes)
    : path_(std::move(name)), chunk_bytes_(std::max<std::size_t>(chunk_bytes, 64)), file_(file) {
  readHeaderOrClose();
}

void CaptureReader::readHeaderOrClose() {
  try {
    readHeader();
  } catch (...) {
    std::fclose(file_);
    file_ = nullptr;
    throw;
  }
}

void CaptureReader::readHeader() {
  buffer_.resize(chunk_bytes_);
  if (!fill(kCaptureMagic.size()) ||
      std::string_view(buffer_.data() + begin_, kCaptureMagic.size()) != kCaptureMagic) {
    throw InputError::atOffset(path_, 0, "",
                               "not a shadowscale capture (the file does not start with the "
                               "capture magic bytes)");
  }
  begin_ += kCaptureMagic.size();
  file_pos_ += kCaptureMagic.size();

  std::string_view payload;
  const std::uint64_t header_offset = file_pos_;
  if (readFrame(payload) != Frame::kOk) {
    throw InputError::atOffset(path_, header_offset, "",
                               "the capture header is cut off (the writer stopped before it)");
  }
  if (!header_.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    damaged(header_offset, "the capture header does not parse");
  }
  if (header_.format_version() == 0 || header_.format_version() > kCaptureFormatVersion) {
    throw InputError::at(
        path_, 0, "format_version",
        "capture format version " + std::to_string(header_.format_version()) +
            (header_.format_version() == 0
                 ? " is invalid"
                 : " is newer than this build reads (up to " +
                       std::to_string(kCaptureFormatVersion) + "); update shadowscale to read it"));
  }
  first_record_offset_ = file_pos_;
  torn_.reset();
}

CaptureReader::~CaptureReader() {
  if (file_ != nullptr) {
    std::fclose(file_);
  }
}

bool CaptureReader::fill(std::size_t need) {
  if (end_ - begin_ >= need) {
    return true;
  }
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  while (end_ < need && !eof_) {
    if (end_ == buffer_.size()) {
      // Only a frame larger than a chunk (a kept body) grows the buffer, and only as its bytes
      // arrive: a damaged length cannot make the reader allocate more than twice what the file
      // holds. It shrinks back after.
      buffer_.resize(std::min(need, 2 * buffer_.size()));
    }
    const std::size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
    end_ += got;
    if (got == 0) {
      if (std::ferror(file_)) {
        throw InputError::atOffset(path_, file_pos_ + end_, "",
                                   std::string("read failed: ") + std::strerror(errno));
      }
      eof_ = true;
    }
  }
  return end_ >= need;
}

CaptureReader::Frame CaptureReader::readFrame(std::string_view& payload) {
  if (buffer_.size() > 4 * chunk_bytes_ && end_ - begin_ <= chunk_bytes_) {
    std::vector<char> smaller(chunk_bytes_);
    std::memcpy(smaller.data(), buffer_.data() + begin_, end_ - begin_);
    buffer_.swap(smaller);
    buffer_.shrink_to_fit();
    end_ -= begin_;
    begin_ = 0;
  }
  const std::uint64_t offset = file_pos_;
  // The length varint: at most 10 bytes, fewer near the end of the file.
  fill(10);
  const std::size_t available = end_ - begin_;
  if (available == 0) {
    return Frame::kEnd;
  }
  std::uint64_t length = 0;
  std::size_t n = 0;
  for (;; ++n) {
    if (n >= available) {
      torn_ = CaptureTornTail{offset, available};
      return Frame::kTorn;
    }
    if (n >= 10) {
      damaged(offset, "frame length is not a valid varint");
    }
    const auto byte = static_cast<unsigned char>(buffer_[begin_ + n]);
    length |= static_cast<std::uint64_t>(byte & 0x7F) << (7 * n);
    if ((byte & 0x80) == 0) {
      ++n;
      break;
    }
  }
  if (length > kMaxCaptureFrameBytes) {
    damaged(offset, "frame length " + std::to_string(length) + " exceeds the format's limit");
  }
  const std::size_t frame = n + static_cast<std::size_t>(length) + kCaptureCrcBytes;
  if (!fill(frame)) {
    torn_ = CaptureTornTail{offset, end_ - begin_};
    return Frame::kTorn;
  }
  const char* p = buffer_.data() + begin_ + n;
  std::uint32_t stored = 0;
  for (std::size_t i = 0; i < kCaptureCrcBytes; ++i) {
    stored |= static_cast<std::uint32_t>(static_cast<unsigned char>(p[length + i])) << (8 * i);
  }
  const std::uint32_t computed = crc32c(p, static_cast<std::size_t>(length));
  if (unmaskCrc(stored) != computed) {
    damaged(offset, "checksum mismatch (stored " + hex32(unmaskCrc(stored)) + ", computed " +
                        hex32(computed) + "): the file is damaged");
  }
  payload = std::string_view(p, static_cast<std::size_t>(length));
  begin_ += frame;
  file_pos_ += frame;
  last_offset_ = offset;
  return Frame::kOk;
}

bool CaptureReader::nextPayload(std::string_view& payload) {
  if (torn_) {
    return false;
  }
  if (readFrame(payload) != Frame::kOk) {
    return false;
  }
  ++records_;
  return true;
}

bool CaptureReader::next(capture::CaptureRecord& record) {
  std::string_view payload;
  if (!nextPayload(payload)) {
    return false;
  }
  if (!record.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    --records_;
    damaged(last_offset_, "the frame has a valid checksum but does not parse as a CaptureRecord");
  }
  return true;
}

bool CaptureReader::next(CaptureRecordView& view) {
  std::string_view payload;
  if (!nextPayload(payload)) {
    return false;
  }
  if (!decodeCaptureRecord(payload, view)) {
    --records_;
    damaged(last_offset_, "the frame has a valid checksum but does not parse as a CaptureRecord");
  }
  return true;
}

void CaptureReader::rewind() {
  if (std::fseek(file_, static_cast<long>(first_record_offset_), SEEK_SET) != 0) {
    throw InputError::at(path_, 0, "", std::string("cannot seek: ") + std::strerror(errno));
  }
  begin_ = end_ = 0;
  file_pos_ = first_record_offset_;
  eof_ = false;
  records_ = 0;
  torn_.reset();
}

void CaptureReader::damaged(std::uint64_t offset, const std::string& what) const {
  // Only frames after the header are records; the counter has not yet counted this one.
  const std::string record =
      first_record_offset_ > 0 ? "record " + std::to_string(records_ + 1) : std::string();
  throw InputError::atOffset(path_, offset, record, what);
}

}  // namespace shadowscale
