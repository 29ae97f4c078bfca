#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "replay/capture.pb.h"

namespace shadowscale {

// One header of a record view.
struct CaptureHeaderView {
  std::string_view name;
  std::string_view value;
};

// Every field of a capture record as views into its frame: what a CaptureRecord holds, decoded
// without copying a byte, for readers that go through millions of records. Valid until the
// reader moves on; reuse one view so its header vectors keep their capacity.
struct CaptureRecordView {
  TimeNs arrival_ns = 0;
  std::string_view method;
  std::string_view path;
  std::string_view route;
  std::string_view protocol;
  std::vector<CaptureHeaderView> headers;
  std::optional<std::uint64_t> body_size;
  std::uint64_t body_hash = 0;
  std::string_view body;
  std::uint32_t status = 0;
  std::optional<TimeNs> latency_ns;
  std::uint64_t response_bytes = 0;
  std::uint64_t request_bytes = 0;
  std::string_view pool;
  bool mirror = false;
  std::vector<CaptureHeaderView> response_headers;

  // Copies the view into a message (for code that wants to keep or change a record).
  void copyTo(capture::CaptureRecord& record) const;
};

// Decodes a serialized CaptureRecord into `view` (fields it does not know are skipped, as
// Protobuf does); false when the payload is not valid wire format for the schema.
bool decodeCaptureRecord(std::string_view payload, CaptureRecordView& view);

}  // namespace shadowscale
