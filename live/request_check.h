#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace shadowscale::live {

// What the proxy does with the bytes of one client request, without a socket: parses them with
// the proxy's header and body limits; a bad request yields the status the client would get
// (400, 408, 413 or 431; 0 when it needs no answer); a good one is turned into the upstream
// request and its redacted mirror copy, both serialised. Returns the status, or 200 for a good
// request. For the fuzz target (fuzz/proxy_request_fuzz.cpp), which stays free of Beast.
unsigned checkClientRequest(std::string_view bytes, std::uint32_t header_limit,
                            std::uint64_t body_limit);

}  // namespace shadowscale::live
