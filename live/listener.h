#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <vector>

#include "live/proxy_shared.h"
#include "live/worker.h"

namespace shadowscale::live {

// Binds an address and opens a listening socket; throws InputError naming the address when it
// cannot (in use, not local, not an address).
boost::asio::ip::tcp::acceptor bindListener(boost::asio::io_context& ioc, const std::string& host,
                                            int port);

// Accepts client connections (on the first worker's thread) and hands them to the workers in
// turn, each connection a Session on its worker.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::ip::tcp::acceptor acceptor, std::vector<Worker*> workers,
           ProxyShared& shared);

  void start();
  // Stops accepting (thread-safe).
  void close();
  int port() const { return port_; }

 private:
  void accept();

  boost::asio::ip::tcp::acceptor acceptor_;
  std::vector<Worker*> workers_;
  ProxyShared& shared_;
  std::size_t next_ = 0;
  int port_ = 0;
};

}  // namespace shadowscale::live
