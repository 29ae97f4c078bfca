#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/time.h"
#include "live/http_rules.h"
#include "live/live_instance.h"
#include "live/traffic_stats.h"

namespace shadowscale::live {

// What became of one request sent to an instance.
struct UpstreamResult {
  bool ok = false;
  UpstreamFailure failure = UpstreamFailure::kReset;  // when !ok
  Response response;                                  // when ok
};

// A kept-alive connection to one instance.
struct UpstreamConnection {
  explicit UpstreamConnection(boost::asio::io_context& ioc) : stream(ioc) {}
  boost::beast::tcp_stream stream;
  boost::beast::flat_buffer buffer;
};

// Sends requests to instances from one I/O thread, reusing kept-alive connections per instance.
// Not thread-safe: each I/O thread has its own, used only from that thread.
class UpstreamClient {
 public:
  UpstreamClient(boost::asio::io_context& ioc, TimeNs connect_timeout);

  // Sends `request` to `instance` and calls `done` on this thread with the response, or the
  // failure: refused (no connection within the connect timeout), reset (closed before a whole
  // response) or timeout (no whole response within `timeout`). A kept-alive connection the
  // instance closed meanwhile is replaced once, transparently, when it failed before any byte of
  // a response arrived and the request is idempotent (GET, HEAD, OPTIONS, TRACE, PUT, DELETE)
  // or none of it was sent; a POST or PATCH that went out is never sent twice (it fails as
  // reset). `head` says the response has no body.
  void send(std::shared_ptr<LiveInstance> instance, std::shared_ptr<Request> request, bool head,
            TimeNs timeout, std::function<void(UpstreamResult)> done);

  // Takes an idle connection to `instance`, or null.
  std::unique_ptr<UpstreamConnection> takeIdle(const LiveInstance& instance);
  // Keeps a connection for the next request to `instance` (up to a bound per instance).
  void putIdle(const std::shared_ptr<LiveInstance>& instance,
               std::unique_ptr<UpstreamConnection> connection);
  // Closes idle connections to instances that no longer serve (drained or stopped).
  void sweep();
  // Closes every idle connection (at shutdown).
  void closeIdle();

  boost::asio::io_context& context() { return ioc_; }
  TimeNs connectTimeout() const { return connect_timeout_; }

 private:
  boost::asio::io_context& ioc_;
  TimeNs connect_timeout_;
  // Idle connections of one instance.
  struct IdleList {
    std::weak_ptr<const LiveInstance> instance;
    std::vector<std::unique_ptr<UpstreamConnection>> connections;
  };
  std::unordered_map<std::uint64_t, IdleList> idle_;  // by LiveInstance::key
};

}  // namespace shadowscale::live
