#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "core/time.h"
#include "replay/capture.pb.h"

namespace shadowscale {

class ImportContext;

// The line GoReplay writes after every payload of a .gor file: "\n🐵🙈🙉\n".
inline constexpr std::string_view kGorSeparator =
    "\n\xF0\x9F\x90\xB5\xF0\x9F\x99\x88\xF0\x9F\x99\x89\n";

// One payload of a .gor file: a meta line "<type> <id> <timestamp-ns> [<latency-ns>]" and an
// HTTP message. Views point into the payload.
struct GorPayload {
  char type = 0;  // '1' request, '2' response, '3' replayed response
  std::string_view id;
  TimeNs timestamp = 0;           // Unix ns
  std::optional<TimeNs> latency;  // responses: round trip in ns, when recorded
  std::string_view http;          // the HTTP request or response
};

// Splits a payload; throws InputError saying what is wrong with it.
void parseGorPayload(std::string_view payload, GorPayload& out);

// Fills `record` (cleared first) from an HTTP/1.x request: method, target, protocol, the headers
// `keep` accepts (given names in lower case), body with its size and hash. Throws InputError
// saying what is wrong.
void parseHttpRequest(std::string_view http, const std::function<bool(std::string_view)>& keep,
                      capture::CaptureRecord& record);

// Reads the status and body size of an HTTP/1.x response; throws InputError saying what is
// wrong.
void parseHttpResponse(std::string_view http, std::uint32_t& status, std::uint64_t& body_bytes);

// Imports a .gor file: requests at their recorded times; a response recorded with the same id
// (GoReplay --input-raw-track-response) gives the request its status, latency and size.
void importGor(ImportContext& context);

}  // namespace shadowscale
