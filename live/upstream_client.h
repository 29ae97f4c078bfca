#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/time.h"
#include "live/http_rules.h"
#include "live/io_types.h"
#include "live/lazy_deadline.h"
#include "live/live_instance.h"
#include "live/traffic_stats.h"

namespace shadowscale::live {

// What became of one request sent to an instance.
struct UpstreamResult {
  bool ok = false;
  UpstreamFailure failure = UpstreamFailure::kReset;  // when !ok
  Response response;                                  // when ok
};

// A kept-alive connection to one instance, with the time limit of the exchange it carries:
// when the limit passes, its socket's operations are cancelled and `timed_out` says why.
struct UpstreamConnection : std::enable_shared_from_this<UpstreamConnection> {
  explicit UpstreamConnection(IoExecutor executor) : socket(executor), deadline(executor) {}
  // Closes the socket and lets the timer go.
  void close();
  // Called by the deadline on the I/O thread.
  void onDeadline();

  Socket socket;
  boost::beast::flat_buffer buffer;
  LazyDeadline<UpstreamConnection> deadline;
  bool timed_out = false;
};

// Sends requests to instances from one I/O thread, reusing kept-alive connections per instance.
// Not thread-safe: each I/O thread has its own, used only from that thread.
class UpstreamClient {
 public:
  using Callback = std::function<void(UpstreamResult)>;

  UpstreamClient(boost::asio::io_context& ioc, TimeNs connect_timeout);

  // Sends `request` to `instance` and calls `done` on this thread with the response, or the
  // failure: refused (no connection within the connect timeout), reset (closed before a whole
  // response) or timeout (no whole response within `timeout` of sending). A kept-alive
  // connection the instance closed meanwhile is replaced once, transparently, when it failed
  // before any byte of a response arrived and the request is idempotent (GET, HEAD, OPTIONS,
  // TRACE, PUT, DELETE) or none of it was sent; a POST or PATCH that went out is never sent
  // twice (it fails as reset). `head` says the response has no body.
  void send(std::shared_ptr<LiveInstance> instance, std::shared_ptr<const Request> request,
            bool head, TimeNs timeout, Callback done);

  // Takes an idle connection to `instance`, or null.
  std::shared_ptr<UpstreamConnection> takeIdle(const LiveInstance& instance);
  // Keeps a connection for the next request to `instance` (up to a bound per instance).
  void putIdle(const std::shared_ptr<LiveInstance>& instance,
               std::shared_ptr<UpstreamConnection> connection);
  // Closes idle connections to instances that no longer serve (drained or stopped).
  void sweep();
  // Closes every idle connection (at shutdown).
  void closeIdle();

  IoExecutor executor() { return ioc_.get_executor(); }
  TimeNs connectTimeout() const { return connect_timeout_; }

 private:
  boost::asio::io_context& ioc_;
  TimeNs connect_timeout_;
  // Idle connections of one instance.
  struct IdleList {
    std::weak_ptr<const LiveInstance> instance;
    std::vector<std::shared_ptr<UpstreamConnection>> connections;
  };
  std::unordered_map<std::uint64_t, IdleList> idle_;  // by LiveInstance::key
};

}  // namespace shadowscale::live
