#include "replay/import_context.h"

#include <algorithm>

#include "core/input_error.h"
#include "shadowscale/version.h"

namespace shadowscale {
namespace {

// A second holding more requests than this is written in parts (each part spread on its own),
// so a pathological log cannot make the buffer grow without bound.
constexpr std::size_t kMaxGroup = 1 << 20;

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

TimeNs floorToSecond(TimeNs t) {
  TimeNs s = t / kSecond * kSecond;
  return s > t ? s - kSecond : s;
}

}  // namespace

ImportContext::ImportContext(const ImportOptions& options, ImportInput& input,
                             std::string output_path)
    : options_(options),
      input_(input),
      output_path_(std::move(output_path)),
      routes_(options.route_rules) {
  for (std::string_view h : kDefaultKeptHeaders) {
    kept_headers_.emplace_back(h);
  }
  for (const std::string& h : options.keep_headers) {
    kept_headers_.push_back(lowered(h));
  }
  next_progress_ = options_.progress_every_bytes;
}

ImportContext::~ImportContext() = default;

bool ImportContext::keepHeader(std::string_view lower_name) const {
  return std::find(kept_headers_.begin(), kept_headers_.end(), lower_name) != kept_headers_.end();
}

std::string_view ImportContext::route(std::string_view method, std::string_view path) {
  try {
    return routes_.route(method, path);
  } catch (const InputError& e) {
    throw e.in(input_.path(), input_.lineNumber());
  }
}

void ImportContext::countLine() {
  ++result_.lines;
  if (options_.on_progress && input_.bytesRead() >= next_progress_) {
    next_progress_ = input_.bytesRead() + options_.progress_every_bytes;
    options_.on_progress({input_.bytesRead(), input_.totalBytes(), result_.lines, result_.records});
  }
}

void ImportContext::bad(std::int64_t line, std::string_view reason) {
  ++result_.bad_lines;
  if (static_cast<std::int64_t>(result_.bad_lines) > options_.max_bad) {
    throw InputError::at(input_.path(), line, "",
                         std::string(reason) + "; that is bad line " +
                             std::to_string(result_.bad_lines) + ", over the budget of " +
                             std::to_string(options_.max_bad) +
                             " (raise it with --max-bad N to skip bad lines)");
  }
  if (options_.on_bad_line) {
    options_.on_bad_line({line, std::string(reason)});
  }
}

void ImportContext::emit(capture::CaptureRecord& record, TimeNs unix_ns, bool second_resolution,
                         TimeNs minus) {
  if (!second_resolution || !options_.spread_within_second) {
    flushGroup();
    write(record, unix_ns - minus);
    return;
  }
  const TimeNs second = floorToSecond(unix_ns);
  if (group_size_ > 0 && (second != group_second_ || group_size_ >= kMaxGroup)) {
    flushGroup();
  }
  group_second_ = second;
  if (group_size_ == group_.size()) {
    group_.push_back({std::make_unique<capture::CaptureRecord>(), 0});
  }
  Pending& p = group_[group_size_++];
  p.record->Swap(&record);
  p.minus = minus;
}

void ImportContext::flushGroup() {
  const auto n = static_cast<TimeNs>(group_size_);
  for (std::size_t i = 0; i < group_size_; ++i) {
    // The midpoints of n equal slices of the second: evenly spaced and deterministic.
    const TimeNs offset = (2 * static_cast<TimeNs>(i) + 1) * kSecond / (2 * n);
    write(*group_[i].record, group_second_ + offset - group_[i].minus);
  }
  group_size_ = 0;
}

void ImportContext::openWriter(TimeNs first_unix_ns) {
  capture::CaptureHeader header;
  header.set_start_unix_ns(floorToSecond(first_unix_ns));
  header.set_source(options_.source_description.empty() ? input_.path()
                                                        : options_.source_description);
  header.set_source_format(std::string(importFormatName(options_.format)));
  header.set_created_by(std::string("shadowscale ") + kVersion);
  writer_ = std::make_unique<CaptureWriter>(output_path_, std::move(header), options_.writer);
}

void ImportContext::write(capture::CaptureRecord& record, TimeNs unix_ns) {
  if (!writer_) {
    openWriter(unix_ns);
  }
  record.set_arrival_ns(unix_ns - writer_->header().start_unix_ns());
  writer_->write(record);
  if (result_.records == 0 || unix_ns < result_.first_unix_ns) {
    result_.first_unix_ns = unix_ns;
  }
  if (result_.records == 0 || unix_ns > result_.last_unix_ns) {
    result_.last_unix_ns = unix_ns;
  }
  ++result_.records;
}

ImportResult ImportContext::finish() {
  flushGroup();
  if (!writer_) {
    openWriter(0);
  }
  writer_->close();
  result_.output_bytes = writer_->bytes();
  return result_;
}

}  // namespace shadowscale
