// Fuzz target: the .gor reader: payloads split at GoReplay's separator, each payload's meta line,
// then its HTTP request or response.
#include <string_view>

#include "core/input_error.h"
#include "fuzz/fuzz_targets.h"
#include "replay/import_gor.h"

namespace shadowscale {

int fuzzGorReader(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto keep = [](std::string_view name) { return name != "cookie"; };
  capture::CaptureRecord record;
  GorPayload gor;
  while (!text.empty()) {
    const std::size_t end = text.find(kGorSeparator);
    const std::string_view payload = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view()
                                         : text.substr(end + kGorSeparator.size());
    try {
      parseGorPayload(payload, gor);
      if (gor.type == '1') {
        parseHttpRequest(gor.http, keep, record);
      } else {
        std::uint32_t status = 0;
        std::uint64_t bytes = 0;
        parseHttpResponse(gor.http, status, bytes);
      }
    } catch (const InputError&) {
    }
  }
  return 0;
}

}  // namespace shadowscale
