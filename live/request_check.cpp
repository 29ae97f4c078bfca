#include "live/request_check.h"

#include <boost/asio/buffer.hpp>

#include "live/http_rules.h"

namespace shadowscale::live {
namespace {

// Serialises `message` whole, as the proxy's write would.
void serialize(Request& message) {
  http::serializer<true, http::string_body> writer(message);
  boost::system::error_code ec;
  do {
    writer.next(ec, [&writer](boost::system::error_code&, const auto& buffers) {
      writer.consume(boost::asio::buffer_size(buffers));
    });
  } while (!ec && !writer.is_done());
}

}  // namespace

unsigned checkClientRequest(std::string_view bytes, std::uint32_t header_limit,
                            std::uint64_t body_limit) {
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  parser.header_limit(header_limit);
  parser.body_limit(body_limit);
  boost::system::error_code ec;
  std::size_t used = 0;
  while (!ec && !parser.is_done() && used < bytes.size()) {
    const std::size_t n =
        parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    if (n == 0 && !ec) {
      break;  // needs more bytes than there are
    }
    used += n;
  }
  if (!ec && !parser.is_done()) {
    parser.put_eof(ec);
  }
  if (ec || !parser.is_done()) {
    return statusForReadError(ec, used > 0);
  }
  Request request = parser.release();
  makeUpstreamRequest(request, "192.0.2.1");
  serialize(request);
  Request copy = request;
  makeMirrorCopy(copy, "-shadow", Redactor());
  serialize(copy);
  return 200;
}

}  // namespace shadowscale::live
