#include "replay/import_input.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/input_error.h"

namespace shadowscale {

ImportInput::ImportInput(std::string path, std::size_t chunk_bytes)
    : path_(std::move(path)), chunk_bytes_(std::max<std::size_t>(chunk_bytes, 16)) {
  if (path_ == "-") {
    file_ = stdin;
    path_ = "<stdin>";
  } else {
    file_ = std::fopen(path_.c_str(), "rb");
    if (file_ == nullptr) {
      throw InputError::at(path_, 0, "", std::string("cannot open: ") + std::strerror(errno));
    }
    owns_file_ = true;
    struct stat st {};
    if (::fstat(fileno(file_), &st) == 0 && S_ISREG(st.st_mode)) {
      total_bytes_ = static_cast<std::uint64_t>(st.st_size);
    }
  }
  buffer_.resize(chunk_bytes_);
}

ImportInput::~ImportInput() {
  if (owns_file_) {
    std::fclose(file_);
  }
}

bool ImportInput::refill() {
  if (eof_) {
    return false;
  }
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) {
    // One record longer than the buffer: grow for it.
    buffer_.resize(buffer_.size() * 2);
  }
  const std::size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
  end_ += got;
  if (got == 0) {
    if (std::ferror(file_)) {
      throw InputError::at(path_, 0, "", std::string("read failed: ") + std::strerror(errno));
    }
    eof_ = true;
    return false;
  }
  return true;
}

bool ImportInput::nextLine(std::string_view& line) {
  std::size_t scanned = begin_;
  for (;;) {
    const void* nl = std::memchr(buffer_.data() + scanned, '\n', end_ - scanned);
    if (nl != nullptr) {
      const std::size_t pos = static_cast<const char*>(nl) - buffer_.data();
      std::size_t len = pos - begin_;
      if (len > 0 && buffer_[pos - 1] == '\r') {
        --len;
      }
      line = std::string_view(buffer_.data() + begin_, len);
      consumed_ += pos + 1 - begin_;
      begin_ = pos + 1;
      line_number_ = next_line_++;
      return true;
    }
    const std::size_t offset = end_ - begin_;
    if (!refill()) {
      if (begin_ == end_) {
        return false;
      }
      std::size_t len = end_ - begin_;
      if (buffer_[end_ - 1] == '\r') {
        --len;
      }
      line = std::string_view(buffer_.data() + begin_, len);
      consumed_ += end_ - begin_;
      begin_ = end_;
      line_number_ = next_line_++;
      return true;
    }
    scanned = begin_ + offset;
  }
}

bool ImportInput::nextRecord(std::string_view delimiter, std::string_view& record) {
  std::size_t scanned = begin_;
  for (;;) {
    const std::string_view window(buffer_.data() + scanned, end_ - scanned);
    const std::size_t found = window.find(delimiter);
    if (found != std::string_view::npos) {
      const std::size_t pos = scanned + found;
      record = std::string_view(buffer_.data() + begin_, pos - begin_);
      const std::size_t total = pos + delimiter.size() - begin_;
      line_number_ = next_line_;
      next_line_ += std::count(buffer_.data() + begin_, buffer_.data() + begin_ + total, '\n');
      consumed_ += total;
      begin_ += total;
      return true;
    }
    // Keep the last delimiter.size() - 1 bytes in the scan: the delimiter may straddle chunks.
    const std::size_t keep = std::min(end_ - begin_, delimiter.size() - 1);
    const std::size_t offset = end_ - begin_ - keep;
    if (!refill()) {
      if (begin_ == end_) {
        return false;
      }
      record = std::string_view(buffer_.data() + begin_, end_ - begin_);
      line_number_ = next_line_;
      next_line_ += std::count(buffer_.data() + begin_, buffer_.data() + end_, '\n');
      consumed_ += end_ - begin_;
      begin_ = end_;
      return true;
    }
    scanned = begin_ + offset;
  }
}

}  // namespace shadowscale
