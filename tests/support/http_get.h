#pragma once

// Test support: one blocking HTTP/1.1 request over loopback with Boost.Beast.

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <string>

namespace shadowscale::testing {

// What came back: the status (0 when the connection failed), the body and a few headers.
struct HttpAnswer {
  unsigned status = 0;
  std::string body;
  std::string connection;  // the Connection header
  std::string error;       // why there is no answer
};

// Sends `method target` to 127.0.0.1:port on a new connection and reads the answer.
inline HttpAnswer httpRequest(unsigned short port, const std::string& target,
                              const std::string& method = "GET", const std::string& body = "") {
  namespace beast = boost::beast;
  namespace http = beast::http;
  namespace net = boost::asio;
  HttpAnswer answer;
  try {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    http::request<http::string_body> req(http::string_to_verb(method), target, 11);
    req.set(http::field::host, "127.0.0.1");
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    answer.status = res.result_int();
    answer.body = res.body();
    answer.connection = std::string(res[http::field::connection]);
    beast::error_code ec;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  } catch (const std::exception& e) {
    answer.error = e.what();
  }
  return answer;
}

}  // namespace shadowscale::testing
