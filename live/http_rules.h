#pragma once

#include <boost/beast/http.hpp>
#include <string>
#include <string_view>

#include "replay/redaction.h"

namespace shadowscale::live {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Beast's string_view (Boost's in this version) as the standard one.
inline std::string_view toStd(boost::beast::string_view s) {
  return {s.data(), s.size()};
}

// The HTTP status a client gets when its request could not be read: 400 for a malformed request
// line or headers (and conflicting Content-Length / Transfer-Encoding), 431 for headers over the
// limit, 413 for a body over the limit, 408 for a client too slow to send its request. 0 when
// the error needs no answer (the client closed the connection).
unsigned statusForReadError(const boost::system::error_code& ec, bool got_some);

// Removes the hop-by-hop headers (RFC 9110 7.6.1): Connection, the headers it names,
// Keep-Alive, Proxy-Connection, TE, Trailer, Transfer-Encoding, Upgrade and
// Proxy-Authenticate/Authorization. They describe one connection and must not be forwarded.
void stripHopByHop(http::fields& fields);

// The request to send upstream: the client's request without its hop-by-hop headers, with
// X-Forwarded-For extended by the client's address, as HTTP/1.1 on a kept-alive connection.
// Expect is dropped: the proxy has the whole body already, and an interim 100 would be taken
// for the response.
Request upstreamRequest(const Request& from_client, std::string_view client_address);
// The same, turning the client's request into the upstream request in place (no copy).
void makeUpstreamRequest(Request& request, std::string_view client_address);

// Turns an upstream request into a mirror copy: Host gets `host_suffix` (Envoy's "-shadow"),
// sensitive headers and query values are redacted as a capture redacts them.
void makeMirrorCopy(Request& copy, std::string_view host_suffix, const Redactor& redactor);

// The response to pass back to a client: the upstream's without hop-by-hop headers. A response
// to HEAD keeps the upstream's Content-Length (its body is empty by definition).
void prepareClientResponse(Response& response, unsigned client_version, bool keep_alive, bool head);

// Appends the request as it goes on the wire (request line, fields, body) to `out`. The proxy
// sends messages whose length is in Content-Length (prepare_payload), never chunked, so one
// buffer holds a whole message and goes out in one write.
void appendWire(const Request& request, std::string& out);
// The same for a response; `head` leaves the body out (a response to HEAD has none).
void appendWire(const Response& response, bool head, std::string& out);

// A response the proxy makes itself (an error): a one-line text body.
Response proxyResponse(http::status status, std::string_view text, unsigned version,
                       bool keep_alive);

}  // namespace shadowscale::live
