#pragma once

#include <array>
#include <atomic>

#include "core/request.h"
#include "core/time.h"
#include "live/live_capture.h"
#include "live/live_pool.h"
#include "live/router.h"
#include "live/traffic_stats.h"
#include "replay/redaction.h"
#include "scenarios/scenario.h"

namespace shadowscale::live {

// Mirror copies in flight, bounded: over the budget a copy is dropped, never queued.
class MirrorBudget {
 public:
  explicit MirrorBudget(int budget) : budget_(budget) {}
  bool tryTake() {
    // A full budget is the common case with a slow shadow: seen with a read, which leaves the
    // counter's cache line shared between the I/O threads instead of taking it for a write.
    if (in_flight_.load(std::memory_order_relaxed) >= budget_) {
      return false;
    }
    if (in_flight_.fetch_add(1, std::memory_order_acq_rel) >= budget_) {
      in_flight_.fetch_sub(1, std::memory_order_acq_rel);
      return false;
    }
    return true;
  }
  void give() { in_flight_.fetch_sub(1, std::memory_order_acq_rel); }
  int inFlight() const { return in_flight_.load(std::memory_order_relaxed); }

 private:
  const int budget_;
  std::atomic<int> in_flight_{0};
};

// What every connection of the proxy shares: settings, routing, pools, counters, capture.
// Owned by ProxyServer, which outlives every connection.
struct ProxyShared {
  ProxyShared(const ServerSpec& server_spec, const Clock& run_clock, Router& routing,
              TrafficStats& traffic)
      : server(server_spec),
        clock(run_clock),
        router(routing),
        stats(traffic),
        mirror(server_spec.mirror_budget) {}

  LivePool* pool(PoolId p) const { return pools[static_cast<std::size_t>(index(p))]; }

  const ServerSpec& server;
  const Clock& clock;
  Router& router;
  TrafficStats& stats;
  std::array<LivePool*, kPoolCount> pools{};  // the shadow pool is null when the setup has none
  MirrorBudget mirror;
  Redactor redactor;
  LiveCapture* capture = nullptr;
  std::atomic<bool> draining{false};
  std::atomic<int> active_requests{0};  // read and not yet answered
};

}  // namespace shadowscale::live
