#include "live/admin_server.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

namespace shadowscale::live {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

// One admin connection: read one request, answer, close.
class AdminSession : public std::enable_shared_from_this<AdminSession> {
 public:
  AdminSession(boost::asio::ip::tcp::socket socket, std::function<std::string()>& metrics)
      : stream_(std::move(socket)), metrics_(metrics) {}

  void start() {
    stream_.expires_after(std::chrono::seconds(10));
    http::async_read(stream_, buffer_, request_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) {
                         return self->close();
                       }
                       self->answer();
                     });
  }

 private:
  void answer() {
    response_.version(request_.version());
    response_.keep_alive(false);
    response_.set(http::field::server, "shadowscale");
    const auto target = request_.target();
    const auto path = target.substr(0, target.find('?'));
    if (request_.method() != http::verb::get && request_.method() != http::verb::head) {
      response_.result(http::status::method_not_allowed);
      response_.body() = "only GET\n";
    } else if (path == "/metrics") {
      response_.result(http::status::ok);
      response_.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
      response_.body() = metrics_();
    } else if (path == "/healthz") {
      response_.result(http::status::ok);
      response_.body() = "ok\n";
    } else {
      response_.result(http::status::not_found);
      response_.body() = "not found; try /metrics\n";
    }
    response_.prepare_payload();
    http::async_write(
        stream_, response_,
        [self = shared_from_this()](beast::error_code, std::size_t) { self->close(); });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  std::function<std::string()>& metrics_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

}  // namespace

AdminServer::AdminServer(boost::asio::ip::tcp::acceptor acceptor,
                         std::function<std::string()> metrics)
    : acceptor_(std::move(acceptor)), metrics_(std::move(metrics)) {
  port_ = acceptor_.local_endpoint().port();
}

void AdminServer::start() {
  accept();
}

void AdminServer::close() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

void AdminServer::accept() {
  acceptor_.async_accept([self = shared_from_this()](boost::system::error_code ec,
                                                     boost::asio::ip::tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted || !self->acceptor_.is_open()) {
      return;
    }
    if (!ec) {
      std::make_shared<AdminSession>(std::move(socket), self->metrics_)->start();
    }
    self->accept();
  });
}

}  // namespace shadowscale::live
