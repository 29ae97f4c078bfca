// Fuzz target: the live proxy's handling of a client request: the request parser with the
// proxy's header and body limits, the status a bad request gets, and what the proxy then makes
// of a good one (the upstream request without hop-by-hop headers, the redacted mirror copy).
#include <cstdlib>
#include <string_view>

#include "fuzz/fuzz_targets.h"
#include "live/request_check.h"

namespace shadowscale {

int fuzzProxyRequest(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // 16384: the proxy's default max_header_bytes.
  const unsigned status = live::checkClientRequest(bytes, 16384, 1 << 20);
  if (status != 200 && status != 0 && status != 400 && status != 408 && status != 413 &&
      status != 431) {
    std::abort();  // a status statusForReadError must never give
  }
  return 0;
}

}  // namespace shadowscale
