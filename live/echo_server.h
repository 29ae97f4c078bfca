#pragma once

#include <cstdint>
#include <memory>

#include "live/echo_config.h"

namespace shadowscale {

class EchoSession;

// Counts of what an echo server did, for tests and its exit line.
struct EchoCounters {
  std::uint64_t accepted = 0;     // handed to the workers (in service or queued)
  std::uint64_t served = 0;       // answered after their service time
  std::uint64_t queue_full = 0;   // refused with 503: every worker busy and the queue full
  std::uint64_t db_timeouts = 0;  // refused with 503: no database connection in time
  std::uint64_t not_ready = 0;    // refused with 503 during the start-up delay or the drain
};

// shadowscale-echo's HTTP server (Boost.Beast): a stand-in for a real service instance. Every
// request except the readiness path goes through a worker pool with a bounded queue and is
// answered after a service time drawn from the configured distribution; the answer is a small
// JSON document saying what was done. `?status=NNN` on any request sets the answer's status.
class EchoServer {
 public:
  // Binds the listening socket (so port() is known at once). Throws InputError for a bad
  // configuration, std::runtime_error when the address cannot be bound.
  explicit EchoServer(const EchoConfig& config);
  ~EchoServer();
  EchoServer(const EchoServer&) = delete;
  EchoServer& operator=(const EchoServer&) = delete;

  // The bound port (the kernel's pick when the configuration asked for 0).
  unsigned short port() const;
  // Serves until stop() or, with `handle_signals`, until SIGTERM or SIGINT; then lets the
  // requests in flight finish (at most the drain timeout) and returns.
  void run(bool handle_signals);
  // Starts a graceful stop from any thread: no new connections, in-flight requests answered
  // (with Connection: close), idle keep-alive connections closed.
  void stop();
  EchoCounters counters() const;

 private:
  friend class EchoSession;
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace shadowscale
