#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>

#include "core/policy.h"
#include "core/time.h"

namespace shadowscale::live {

// One real instance of a pool: where it listens, its lifecycle and its load. The I/O threads
// read `state` and count requests in flight; everything else is the pool's (under its lock).
struct LiveInstance {
  std::uint64_t id = 0;   // within its pool
  std::uint64_t key = 0;  // unique across pools: the pool's index in the top byte, then id
  boost::asio::ip::tcp::endpoint endpoint;
  std::string address;  // "host:port", for metrics and captures
  std::atomic<InstanceState> state{InstanceState::kStarting};
  std::atomic<int> in_flight{0};
  // Until when (run time) mirror copies pass this instance by: it refused a connection, and a
  // copy sent meanwhile would only cost the proxy a socket to learn the same again.
  std::atomic<TimeNs> refused_until{0};
  TimeNs created_at = 0;
  TimeNs started_at = -1;
  TimeNs ready_at = -1;
  TimeNs drain_since = -1;
  TimeNs stop_sent_at = -1;  // SIGTERM sent (process pools)
  int pid = -1;              // the instance's process (process pools), else -1
  bool probing = false;      // a readiness check is out
  // (run time, CPU seconds used) samples of the process, oldest first, for utilization windows.
  std::deque<std::pair<TimeNs, double>> cpu_samples;
  std::uint64_t rss_bytes = 0;

  bool serving() const { return state.load(std::memory_order_relaxed) == InstanceState::kReady; }
};

}  // namespace shadowscale::live
