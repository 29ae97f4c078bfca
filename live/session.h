#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "live/http_rules.h"
#include "live/io_types.h"
#include "live/lazy_deadline.h"
#include "live/proxy_shared.h"
#include "live/upstream_client.h"

namespace shadowscale::live {

class Worker;

// One client connection: reads requests, has ProxyCore route each, forwards it to an instance
// of the chosen pool (and a mirror copy when sampled), and writes the response back; keeps the
// connection alive between requests. Bad requests are answered with 400, 408, 413 or 431 and
// the connection closed; upstream failures with 502, 503 or 504.
//
// The flow is read -> parse -> forward -> write -> read. Requests are parsed straight from the
// connection's buffer (a request that arrived whole takes no further read), responses go out as
// one buffer in one write, and the connection's time limits are kept by one timer that is
// re-armed only when it fires (a deadline moved by each request costs a clock read, not a timer
// operation).
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Socket socket, Worker& worker, ProxyShared& shared);

  // Starts serving (on the worker's thread).
  void start();
  // Closes the connection if it is waiting for its next request (drain at shutdown).
  void closeIfIdle();

 private:
  // What the connection is doing; each phase has its own time limit.
  enum class Phase : std::uint8_t {
    kIdle,        // waiting for the first byte of a request: idle_timeout
    kReading,     // a request has begun: client_timeout to receive it whole (then 408)
    kForwarding,  // the upstream has it: the pool's timeout applies there, none here
    kWriting,     // sending the response: client_timeout
    kLingering,   // after an error response, reading what the client still sends: 2 s
  };
  void waitForRequest();
  void readMore();
  void onRead(boost::system::error_code ec, std::size_t n);
  void parse();
  void readFailed(boost::system::error_code ec);
  void forward();
  void onUpstream(UpstreamResult result);
  void rejectRead(unsigned status);
  void write(bool close_after, bool linger = false);
  void lingeringClose();
  void drainInput();
  void close();

  // Enters a phase with the time limit it has from now (none while forwarding).
  void enter(Phase phase, std::chrono::nanoseconds limit);
  // The phase's time limit passed.
  void onDeadline();
  friend class LazyDeadline<Session>;

  Socket socket_;
  LazyDeadline<Session> deadline_;
  Phase phase_ = Phase::kIdle;
  bool timed_out_ = false;
  Worker& worker_;
  ProxyShared& shared_;
  std::string peer_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<Request> request_;  // the request being served, as sent upstream
  std::shared_ptr<LiveInstance> instance_;
  PoolId pool_ = PoolId::kLive;
  unsigned client_version_ = 11;
  bool client_keep_alive_ = true;
  bool head_ = false;
  Response response_;
  std::string out_;  // the response as it goes on the wire
  TimeNs arrival_ = 0;
  bool closed_ = false;
};

}  // namespace shadowscale::live
