#include "live/listener.h"

#include <boost/asio/post.hpp>

#include "core/input_error.h"
#include "live/session.h"

namespace shadowscale::live {

boost::asio::ip::tcp::acceptor bindListener(boost::asio::io_context& ioc, const std::string& host,
                                            int port) {
  namespace net = boost::asio;
  boost::system::error_code ec;
  const net::ip::address address = net::ip::make_address(host, ec);
  const std::string where = host + ":" + std::to_string(port);
  if (ec) {
    throw InputError(where + ": not an IP address to listen on");
  }
  net::ip::tcp::acceptor acceptor(ioc);
  const net::ip::tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) {
    acceptor.set_option(net::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    acceptor.listen(net::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    throw InputError(where + ": cannot listen: " + ec.message());
  }
  return acceptor;
}

Listener::Listener(boost::asio::ip::tcp::acceptor acceptor, std::vector<Worker*> workers,
                   ProxyShared& shared)
    : acceptor_(std::move(acceptor)), workers_(std::move(workers)), shared_(shared) {
  port_ = acceptor_.local_endpoint().port();
}

void Listener::start() {
  accept();
}

void Listener::close() {
  boost::asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::accept() {
  Worker& worker = *workers_[next_];
  next_ = (next_ + 1) % workers_.size();
  // The connection's socket lives on its worker's event loop from the start.
  auto socket = std::make_shared<Socket>(worker.context().get_executor());
  acceptor_.async_accept(
      *socket, [self = shared_from_this(), &worker, socket](boost::system::error_code ec) {
        if (ec == boost::asio::error::operation_aborted || !self->acceptor_.is_open()) {
          return;
        }
        if (!ec) {
          boost::system::error_code ignored;
          socket->set_option(boost::asio::ip::tcp::no_delay(true), ignored);
          auto session = std::make_shared<Session>(std::move(*socket), worker, self->shared_);
          boost::asio::post(worker.context(), [session] { session->start(); });
        }
        // Errors such as too many open files end one accept, never the listener.
        self->accept();
      });
}

}  // namespace shadowscale::live
