#include "replay/capture_record_view.h"

#include "replay/capture_varint.h"

namespace shadowscale {
namespace {

using Record = capture::CaptureRecord;
using Header = capture::HeaderField;

// Minimal Protobuf wire-format reading: the format is a public, stable specification
// (protobuf.dev/programming-guides/encoding), and the field numbers come from the generated code.
struct Wire {
  const unsigned char* p;
  const unsigned char* end;

  bool varint(std::uint64_t& v) {
    // One-byte values (small fields, tags) are by far the most common.
    if (p < end && *p < 0x80) {
      v = *p++;
      return true;
    }
    return readVarint(p, end, v);
  }

  bool bytes(std::string_view& out) {
    std::uint64_t n = 0;
    if (!varint(n) || n > static_cast<std::uint64_t>(end - p)) {
      return false;
    }
    out = std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    p += n;
    return true;
  }

  bool fixed64(std::uint64_t& v) {
    if (end - p < 8) {
      return false;
    }
    v = 0;
    for (int i = 0; i < 8; ++i) {
      v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
    }
    p += 8;
    return true;
  }

  // Skips a field of an unknown number; false for malformed input or groups.
  bool skip(int wire) {
    std::uint64_t v = 0;
    std::string_view s;
    switch (wire) {
      case 0:
        return varint(v);
      case 1:
        return fixed64(v);
      case 2:
        return bytes(s);
      case 5:
        if (end - p < 4) {
          return false;
        }
        p += 4;
        return true;
      default:
        return false;
    }
  }
};

bool decodeHeader(std::string_view payload, CaptureHeaderView& h) {
  Wire w{reinterpret_cast<const unsigned char*>(payload.data()),
         reinterpret_cast<const unsigned char*>(payload.data()) + payload.size()};
  h = {};
  while (w.p < w.end) {
    std::uint64_t tag = 0;
    if (!w.varint(tag)) {
      return false;
    }
    const auto field = static_cast<int>(tag >> 3);
    const auto wire = static_cast<int>(tag & 7);
    if (field == Header::kNameFieldNumber && wire == 2) {
      if (!w.bytes(h.name)) {
        return false;
      }
    } else if (field == Header::kValueFieldNumber && wire == 2) {
      if (!w.bytes(h.value)) {
        return false;
      }
    } else if (field == 0 || !w.skip(wire)) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool decodeCaptureRecord(std::string_view payload, CaptureRecordView& view) {
  view.arrival_ns = 0;
  view.method = view.path = view.route = view.protocol = view.body = view.pool = {};
  view.headers.clear();
  view.response_headers.clear();
  view.body_size.reset();
  view.body_hash = 0;
  view.status = 0;
  view.latency_ns.reset();
  view.response_bytes = view.request_bytes = 0;
  view.mirror = false;

  Wire w{reinterpret_cast<const unsigned char*>(payload.data()),
         reinterpret_cast<const unsigned char*>(payload.data()) + payload.size()};
  while (w.p < w.end) {
    std::uint64_t tag = 0;
    if (!w.varint(tag)) {
      return false;
    }
    const auto field = static_cast<int>(tag >> 3);
    const auto wire = static_cast<int>(tag & 7);
    std::uint64_t v = 0;
    bool ok = true;
    if (wire == 0) {
      ok = w.varint(v);
      switch (field) {
        case Record::kArrivalNsFieldNumber:
          view.arrival_ns = static_cast<TimeNs>((v >> 1) ^ (~(v & 1) + 1));  // zigzag
          break;
        case Record::kBodySizeFieldNumber:
          view.body_size = v;
          break;
        case Record::kStatusFieldNumber:
          view.status = static_cast<std::uint32_t>(v);
          break;
        case Record::kLatencyNsFieldNumber:
          view.latency_ns = static_cast<TimeNs>(v);
          break;
        case Record::kResponseBytesFieldNumber:
          view.response_bytes = v;
          break;
        case Record::kRequestBytesFieldNumber:
          view.request_bytes = v;
          break;
        case Record::kMirrorFieldNumber:
          view.mirror = v != 0;
          break;
        default:
          break;
      }
    } else if (wire == 2) {
      std::string_view s;
      ok = w.bytes(s);
      switch (field) {
        case Record::kMethodFieldNumber:
          view.method = s;
          break;
        case Record::kPathFieldNumber:
          view.path = s;
          break;
        case Record::kRouteFieldNumber:
          view.route = s;
          break;
        case Record::kProtocolFieldNumber:
          view.protocol = s;
          break;
        case Record::kBodyFieldNumber:
          view.body = s;
          break;
        case Record::kPoolFieldNumber:
          view.pool = s;
          break;
        case Record::kHeadersFieldNumber:
          ok = ok && decodeHeader(s, view.headers.emplace_back());
          break;
        case Record::kResponseHeadersFieldNumber:
          ok = ok && decodeHeader(s, view.response_headers.emplace_back());
          break;
        default:
          break;
      }
    } else if (wire == 1 && field == Record::kBodyHashFieldNumber) {
      ok = w.fixed64(view.body_hash);
    } else {
      ok = field != 0 && w.skip(wire);
    }
    if (!ok || field == 0) {
      return false;
    }
  }
  return true;
}

void CaptureRecordView::copyTo(capture::CaptureRecord& r) const {
  r.Clear();
  r.set_arrival_ns(arrival_ns);
  r.set_method(method.data(), method.size());
  r.set_path(path.data(), path.size());
  r.set_route(route.data(), route.size());
  r.set_protocol(protocol.data(), protocol.size());
  for (const CaptureHeaderView& h : headers) {
    capture::HeaderField* f = r.add_headers();
    f->set_name(h.name.data(), h.name.size());
    f->set_value(h.value.data(), h.value.size());
  }
  if (body_size) {
    r.set_body_size(*body_size);
  }
  r.set_body_hash(body_hash);
  r.set_body(body.data(), body.size());
  r.set_status(status);
  if (latency_ns) {
    r.set_latency_ns(*latency_ns);
  }
  r.set_response_bytes(response_bytes);
  r.set_request_bytes(request_bytes);
  r.set_pool(pool.data(), pool.size());
  r.set_mirror(mirror);
  for (const CaptureHeaderView& h : response_headers) {
    capture::HeaderField* f = r.add_response_headers();
    f->set_name(h.name.data(), h.name.size());
    f->set_value(h.value.data(), h.value.size());
  }
}

}  // namespace shadowscale
