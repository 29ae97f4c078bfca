// Fuzz target: the live proxy's handling of a client request: Beast's request parser with the
// proxy's header and body limits, the status a bad request gets, and what the proxy then makes
// of a good one (the upstream request without hop-by-hop headers, the redacted mirror copy).
#include <boost/asio/buffer.hpp>
#include <cstdlib>
#include <string_view>

#include "fuzz/fuzz_targets.h"
#include "live/http_rules.h"

namespace shadowscale {
namespace {

namespace http = live::http;

// The statuses statusForReadError may give a client; anything else is a finding.
bool knownReadErrorStatus(unsigned status) {
  return status == 0 || status == 400 || status == 408 || status == 413 || status == 431;
}

// Serialises `message` whole, as the proxy's write would.
template <class Message>
void serialize(Message& message) {
  http::serializer<true, http::string_body> writer(message);
  boost::system::error_code ec;
  do {
    writer.next(ec, [&writer](boost::system::error_code&, const auto& buffers) {
      writer.consume(boost::asio::buffer_size(buffers));
    });
  } while (!ec && !writer.is_done());
}

}  // namespace

int fuzzProxyRequest(const std::uint8_t* data, std::size_t size) {
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  parser.header_limit(16384);  // the proxy's default max_header_bytes
  parser.body_limit(1 << 20);
  boost::system::error_code ec;
  std::size_t used = 0;
  while (!ec && !parser.is_done() && used < size) {
    const std::size_t n = parser.put(boost::asio::buffer(data + used, size - used), ec);
    if (n == 0 && !ec) {
      break;  // needs more bytes than there are
    }
    used += n;
  }
  if (!ec && !parser.is_done()) {
    parser.put_eof(ec);
  }
  if (ec || !parser.is_done()) {
    if (!knownReadErrorStatus(live::statusForReadError(ec, used > 0))) {
      std::abort();
    }
    return 0;
  }
  live::Request request = parser.release();
  live::makeUpstreamRequest(request, "192.0.2.1");
  serialize(request);
  live::Request copy = request;
  live::makeMirrorCopy(copy, "-shadow", Redactor());
  serialize(copy);
  return 0;
}

}  // namespace shadowscale
