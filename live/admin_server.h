#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <string>

namespace shadowscale::live {

// The admin listener (127.0.0.1 by default): GET /metrics answers the Prometheus text
// exposition made by `metrics`, GET /healthz answers "ok"; anything else is 404 (405 for other
// methods). One request per connection. Runs on the control thread.
class AdminServer : public std::enable_shared_from_this<AdminServer> {
 public:
  AdminServer(boost::asio::ip::tcp::acceptor acceptor, std::function<std::string()> metrics);

  void start();
  void close();
  int port() const { return port_; }

 private:
  void accept();

  boost::asio::ip::tcp::acceptor acceptor_;
  std::function<std::string()> metrics_;
  int port_ = 0;
};

}  // namespace shadowscale::live
