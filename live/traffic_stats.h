#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "core/metrics/latency_histogram.h"
#include "core/request.h"
#include "core/time.h"

namespace shadowscale::live {

// Why the proxy answered a request itself instead of an upstream instance.
enum class UpstreamFailure : std::uint8_t {
  kRefused = 0,  // connection refused or not accepted in time: 502
  kReset,        // connection reset or closed before a complete response: 502
  kTimeout,      // no complete response within the pool's request timeout: 504
  kNoInstance,   // the pool had no ready instance: 503
};
inline constexpr int kUpstreamFailureKinds = 4;
const char* failureName(UpstreamFailure f);

// Counters of one pool, cumulative since the proxy started.
struct PoolTraffic {
  std::uint64_t primary = 0;                    // primary requests sent to (or meant for) it
  std::array<std::uint64_t, 6> status_class{};  // index status / 100 of what clients got
  std::array<std::uint64_t, kUpstreamFailureKinds> failures{};
  std::uint64_t ok = 0;      // answered by an instance with a status below 500
  std::uint64_t failed = 0;  // 5xx from an instance, or a failure above
  std::uint64_t mirror_sent = 0;
  std::uint64_t mirror_ok = 0;
  std::uint64_t mirror_failed = 0;

  std::uint64_t failedTotal() const { return failed + mirror_failed; }
};

// Everything the proxy counts, copied out at once.
struct TrafficSnapshot {
  std::array<PoolTraffic, kPoolCount> pools;
  std::uint64_t mirror_dropped = 0;                 // over the in-flight budget
  std::map<unsigned, std::uint64_t> client_errors;  // bad requests, by the status answered
};

// The proxy's traffic counters and latency histograms, shared by the I/O threads (recording)
// and the control and admin threads (reading). Besides the cumulative histograms it keeps one
// window histogram per reader slot (one per policy), which that reader takes and resets.
class TrafficStats {
 public:
  explicit TrafficStats(int window_slots = 1);

  // A primary request answered by an instance with `status`, `latency` after it was read.
  void recordAnswered(PoolId pool, unsigned status, TimeNs latency);
  // A primary request the proxy answered itself with `status` because of `failure`.
  void recordFailure(PoolId pool, UpstreamFailure failure, unsigned status, TimeNs latency);
  // A mirror copy's outcome; `status` 0 when no response came.
  void recordMirror(unsigned status, TimeNs latency);
  // A copy dropped over the budget: one relaxed increment, no lock (the common case of a
  // mirror to a slow shadow).
  void recordMirrorDropped();
  // A client request that could not be read, answered with `status`.
  void recordClientError(unsigned status);

  TrafficSnapshot snapshot() const;
  // Latency of primary requests of a pool since start (mirror copies: `mirror` true).
  LatencyHistogram histogram(PoolId pool, bool mirror = false) const;
  // The window histogram of `slot` for `pool` since the slot's last take, then resets it.
  LatencyHistogram takeWindow(int slot, PoolId pool);

 private:
  mutable std::mutex mu_;
  TrafficSnapshot counts_;  // mirror_dropped aside: that count is mirror_dropped_
  std::atomic<std::uint64_t> mirror_dropped_{0};
  std::array<LatencyHistogram, kPoolCount> latency_;
  LatencyHistogram mirror_latency_;
  std::vector<std::array<LatencyHistogram, kPoolCount>> windows_;
};

}  // namespace shadowscale::live
