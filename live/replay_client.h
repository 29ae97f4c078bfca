#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include "core/metrics/latency_histogram.h"
#include "core/metrics/slo_tracker.h"
#include "core/slo.h"
#include "core/time.h"
#include "live/request_schedule.h"

namespace shadowscale {

// Where replayed requests go: an http:// URL's parts.
struct ReplayTarget {
  std::string host;
  std::string port = "80";
  std::string base_path;    // prefixed to every captured target ("" or "/prefix")
  std::string host_header;  // host[:port] as the URL wrote it
};

// Parses "http://host[:port][/prefix]". Throws InputError naming `--target` otherwise.
ReplayTarget parseTargetUrl(const std::string& url);

// How to replay.
struct ReplayOptions {
  ReplayTarget target;
  int max_connections = 64;         // connections open at once, at most
  std::size_t max_waiting = 10000;  // due requests waiting for a connection; more are dropped
  TimeNs timeout = 10 * kSecond;    // per request, from its send; then it failed
  TimeNs start_delay = 20 * kMillisecond;  // the schedule starts this long after the call
  SloSpec slo;
  // Real length of the one-minute slices the SLO judges: a minute, or a minute of scenario time
  // divided by the speed when a real run compresses time.
  TimeNs slo_minute = kMinute;
  // Called from the replay's thread about twice a second.
  std::function<void(std::uint64_t done, std::uint64_t total)> on_progress;
  // Called from the replay's thread as each sent request ends: its latency from the intended
  // send time and whether it succeeded (for per-interval figures).
  std::function<void(TimeNs latency, bool ok)> on_result;
};

// What a replay measured. `latency` counts from each request's intended send time (so a server
// that stalls shows its queueing, however few connections the client may open: no coordinated
// omission); `response` from the moment it was actually written; `send_lag` is the difference.
struct ReplayResult {
  std::uint64_t scheduled = 0;  // requests that came due (sent, or dropped)
  std::uint64_t sent = 0;
  std::uint64_t completed = 0;                    // answered with any status
  std::uint64_t dropped = 0;                      // never sent: the waiting line was full
  std::uint64_t timeouts = 0;                     // no full answer within the timeout
  std::uint64_t connection_errors = 0;            // refused, reset, closed early
  std::array<std::uint64_t, 6> status_classes{};  // [0] unknown, [1] 1xx .. [5] 5xx
  std::uint64_t connections_opened = 0;
  int max_connections_open = 0;
  LatencyHistogram latency;
  LatencyHistogram response;
  LatencyHistogram send_lag;
  TimeNs wall = 0;  // from the intended start of the schedule to the last answer
  std::uint64_t bytes_received = 0;

  // Failed requests: 5xx answers, timeouts, connection errors and dropped requests.
  std::uint64_t failed() const {
    return status_classes[5] + timeouts + connection_errors + dropped;
  }
};

// Sends the schedule's requests at their intended times (open model: a request is due whether
// or not earlier ones were answered) over at most max_connections kept-alive connections, and
// measures the answers. SLO minutes are slices of replay time. Blocks until every request is
// answered, failed or dropped.
ReplayResult replay(RequestSchedule& schedule, const ReplayOptions& options, SloTracker& slo);

}  // namespace shadowscale
