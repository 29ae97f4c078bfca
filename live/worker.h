#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>
#include <vector>

#include "live/upstream_client.h"

namespace shadowscale::live {

class Session;

// One I/O thread of the proxy: its event loop, its kept-alive upstream connections and the
// client connections it serves. Everything in it runs on its own thread, so it needs no locks.
class Worker {
 public:
  explicit Worker(TimeNs connect_timeout);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Starts the thread running the event loop.
  void start();
  // Stops the event loop and joins the thread.
  void stop();

  boost::asio::io_context& context() { return ioc_; }
  UpstreamClient& upstream() { return upstream_; }

  // Sessions register themselves so a drain can close the idle ones (worker thread only).
  void add(const std::shared_ptr<Session>& session);
  // Closes every connection waiting for its next request (worker thread only).
  void closeIdleSessions();

 private:
  boost::asio::io_context ioc_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  UpstreamClient upstream_;
  std::vector<std::weak_ptr<Session>> sessions_;
  std::thread thread_;
};

}  // namespace shadowscale::live
