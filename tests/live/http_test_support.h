#pragma once

// Real HTTP over loopback for the live proxy's tests: a small backend on its own thread and
// blocking clients. Everything binds 127.0.0.1 port 0 and is stopped by the test.

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace shadowscale::live::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

// A backend standing for one instance. Paths: /slow?ms=N answers after N ms (on a timer),
// /reset drops the connection without answering, /hang never answers, /close answers and then
// closes the connection (as an instance's idle timeout would), anything else answers 200 with a
// body listing the request line and headers it received.
class TestBackend {
 public:
  // `hang_all`: never answer anything (a shadow that is stuck).
  explicit TestBackend(bool hang_all = false)
      : hang_all_(hang_all), acceptor_(ioc_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    accept();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~TestBackend() { stop(); }

  void stop() {
    net::post(ioc_, [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      for (auto& s : sockets_) {
        if (auto p = s.lock()) {
          p->close(ignored);
        }
      }
      ioc_.stop();
    });
    if (thread_.joinable()) {
      thread_.join();
    }
  }

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  // Requests received so far (headers as the backend saw them).
  std::vector<http::request<http::string_body>> received() {
    std::lock_guard lock(mu_);
    return received_;
  }
  // Waits until at least n requests arrived or `timeout` passed; returns how many arrived.
  std::size_t waitForRequests(std::size_t n,
                              std::chrono::seconds timeout = std::chrono::seconds(20)) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return received_.size() >= n; });
    return received_.size();
  }
  // Waits until the backend closed n connections after answering /close (or 20 s passed).
  void waitForClosed(int n) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(20), [&] { return closed_ >= n; });
  }

 private:
  struct Conn {
    explicit Conn(tcp::socket s) : socket(std::move(s)), timer(socket.get_executor()) {}
    tcp::socket socket;
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::response<http::string_body> response;
    net::steady_timer timer;
  };

  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) {
        return;
      }
      auto conn = std::make_shared<Conn>(std::move(socket));
      sockets_.push_back(std::shared_ptr<tcp::socket>(conn, &conn->socket));
      read(conn);
      accept();
    });
  }

  void read(const std::shared_ptr<Conn>& c) {
    c->request = {};
    http::async_read(c->socket, c->buffer, c->request,
                     [this, c](boost::system::error_code ec, std::size_t) {
                       if (ec) {
                         return;
                       }
                       {
                         std::lock_guard lock(mu_);
                         received_.push_back(c->request);
                       }
                       cv_.notify_all();
                       handle(c);
                     });
  }

  void handle(const std::shared_ptr<Conn>& c) {
    const std::string target(c->request.target());
    if (target == "/reset") {
      c->socket.set_option(net::socket_base::linger(true, 0));
      c->socket.close();
      return;
    }
    if (target == "/hang" || hang_all_) {
      return read(c);  // never answers; the connection stays open
    }
    if (target.rfind("/slow", 0) == 0) {
      const std::size_t at = target.find("ms=");
      const int ms = at == std::string::npos ? 1000 : std::atoi(target.c_str() + at + 3);
      c->timer.expires_after(std::chrono::milliseconds(ms));
      c->timer.async_wait([this, c](boost::system::error_code ec) {
        if (!ec) {
          respond(c);
        }
      });
      return;
    }
    respond(c);
  }

  void respond(const std::shared_ptr<Conn>& c) {
    auto& r = c->response;
    r = {http::status::ok, c->request.version()};
    r.set(http::field::content_type, "text/plain");
    std::string body =
        std::string(c->request.method_string()) + " " + std::string(c->request.target()) + "\n";
    for (const auto& f : c->request) {
      body += std::string(f.name_string()) + ": " + std::string(f.value()) + "\n";
    }
    body += "body: " + c->request.body();
    r.body() = body;
    r.keep_alive(c->request.keep_alive());
    r.prepare_payload();
    http::async_write(c->socket, r, [this, c](boost::system::error_code ec, std::size_t) {
      if (!ec && c->request.target() == "/close") {
        c->socket.shutdown(tcp::socket::shutdown_both, ec);
        c->socket.close(ec);
        {
          std::lock_guard lock(mu_);
          ++closed_;
        }
        cv_.notify_all();
        return;
      }
      if (!ec && c->response.keep_alive()) {
        read(c);
      }
    });
  }

  bool hang_all_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  int port_ = 0;
  std::thread thread_;
  std::vector<std::weak_ptr<tcp::socket>> sockets_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<http::request<http::string_body>> received_;
  int closed_ = 0;
};

// A blocking HTTP/1.1 client on one kept-alive connection.
class HttpClient {
 public:
  explicit HttpClient(int port) : stream_(ioc_) {
    stream_.connect(
        tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  }

  // Sends a request; the response, or a response with status 0 when the connection failed.
  http::response<http::string_body> send(http::request<http::string_body> req) {
    req.version(11);
    if (req.find(http::field::host) == req.end()) {
      req.set(http::field::host, "api.example");
    }
    req.prepare_payload();
    http::response<http::string_body> res;
    stream_.expires_after(std::chrono::seconds(30));
    beast::error_code ec;
    http::write(stream_, req, ec);
    if (!ec) {
      http::read(stream_, buffer_, res, ec);
    }
    if (ec) {
      res = {};
      res.result(0);
    }
    return res;
  }

  http::response<http::string_body> get(const std::string& target) {
    return send({http::verb::get, target, 11});
  }

 private:
  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

// Sends raw bytes on a new connection, then reads until the server closes it (or 30 s pass);
// returns all it read. `pause_after` > 0 stops sending after that many bytes and waits for the
// server (a slow client).
inline std::string rawExchange(int port, const std::string& bytes, std::size_t pause_after = 0) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(
      tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  stream.expires_after(std::chrono::seconds(30));
  beast::error_code ec;
  const std::size_t n = pause_after > 0 ? pause_after : bytes.size();
  net::write(stream, net::buffer(bytes.data(), n), ec);
  std::string out;
  char buf[4096];
  for (;;) {
    const std::size_t got = stream.read_some(net::buffer(buf), ec);
    out.append(buf, got);
    if (ec) {
      break;
    }
  }
  return out;
}

// The status code of a raw HTTP response ("HTTP/1.1 431 ..." -> 431), 0 when none.
inline int rawStatus(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) {
    return 0;
  }
  return std::atoi(response.c_str() + 9);
}

}  // namespace shadowscale::live::testing
