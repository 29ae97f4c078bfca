#include "live/readiness_probe.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>

namespace shadowscale::live {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

// One readiness check in flight: connect, send the GET, read the answer.
class Probe : public std::enable_shared_from_this<Probe> {
 public:
  Probe(boost::asio::io_context& ioc, std::function<void(bool)> done)
      : stream_(ioc), done_(std::move(done)) {}

  void start(const boost::asio::ip::tcp::endpoint& endpoint, const std::string& path,
             std::chrono::milliseconds timeout) {
    request_ = {http::verb::get, path, 11};
    request_.set(http::field::host, endpoint.address().to_string());
    request_.set(http::field::user_agent, "shadowscale-readiness");
    request_.keep_alive(false);
    stream_.expires_after(timeout);
    stream_.async_connect(
        endpoint, [self = shared_from_this()](beast::error_code ec) { self->onConnect(ec); });
  }

 private:
  void onConnect(beast::error_code ec) {
    if (ec) {
      return finish(false);
    }
    http::async_write(stream_, request_,
                      [self = shared_from_this()](beast::error_code e, std::size_t) {
                        if (e) {
                          return self->finish(false);
                        }
                        self->read();
                      });
  }

  void read() {
    http::async_read(stream_, buffer_, response_,
                     [self = shared_from_this()](beast::error_code e, std::size_t) {
                       self->finish(!e && self->response_.result_int() / 100 == 2);
                     });
  }

  void finish(bool ok) {
    beast::error_code ignored;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.close();
    if (done_) {
      auto done = std::move(done_);
      done(ok);
    }
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::empty_body> request_;
  http::response<http::string_body> response_;
  std::function<void(bool)> done_;
};

}  // namespace

void probeReadiness(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& endpoint,
                    const std::string& path, std::chrono::milliseconds timeout,
                    std::function<void(bool)> done) {
  std::make_shared<Probe>(ioc, std::move(done))->start(endpoint, path, timeout);
}

}  // namespace shadowscale::live
