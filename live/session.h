#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>
#include <string>

#include "live/http_rules.h"
#include "live/proxy_shared.h"
#include "live/upstream_client.h"

namespace shadowscale::live {

class Worker;

// One client connection: reads requests, has ProxyCore route each, forwards it to an instance
// of the chosen pool (and a mirror copy when sampled), and writes the response back; keeps the
// connection alive between requests. Bad requests are answered with 400, 408, 413 or 431 and
// the connection closed; upstream failures with 502, 503 or 504.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, Worker& worker, ProxyShared& shared);

  // Starts serving (on the worker's thread).
  void start();
  // Closes the connection if it is waiting for its next request (drain at shutdown).
  void closeIfIdle();

 private:
  void waitForRequest();
  void readRequest();
  void onRead(boost::beast::error_code ec);
  void forward();
  void onUpstream(UpstreamResult result, PoolId pool, const std::string& upstream);
  void rejectRead(unsigned status);
  void write(bool close_after, bool linger = false);
  void lingeringClose();
  void drainInput();
  void close();

  boost::beast::tcp_stream stream_;
  boost::asio::steady_timer read_timer_;
  bool timed_out_ = false;
  Worker& worker_;
  ProxyShared& shared_;
  std::string peer_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<Request> request_;  // the request being served, as sent upstream
  unsigned client_version_ = 11;
  bool client_keep_alive_ = true;
  bool head_ = false;
  Response response_;
  TimeNs arrival_ = 0;
  bool idle_ = false;
  bool closed_ = false;
};

}  // namespace shadowscale::live
