#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/metrics/latency_histogram.h"
#include "core/request.h"
#include "live/live_pool.h"
#include "live/traffic_stats.h"

namespace shadowscale::live {

// Everything /metrics shows, gathered at one moment.
struct MetricsView {
  TrafficSnapshot traffic;
  std::array<LatencyHistogram, kPoolCount> latency;  // primary requests per pool
  LatencyHistogram mirror_latency;
  std::array<bool, kPoolCount> has_pool{};
  std::array<std::vector<InstanceReport>, kPoolCount> instances;
  std::array<int, kPoolCount> desired{};
  std::array<std::uint64_t, kPoolCount> instance_failures{};
  double shadow_weight = 0;
  double shadow_weight_target = 0;
  int mirror_in_flight = 0;
  int mirror_budget = 0;
  double demand_rps = 0;         // primary requests/s over the last policy window
  double forecast_p50_rps = -1;  // the predictive policy's forecast for now; < 0 when none
  double forecast_upper_rps = -1;
  int active_requests = 0;
};

// The Prometheus text exposition format (version 0.0.4) of `view`: counters and gauges with a
// HELP and TYPE line each, latency histograms in seconds with cumulative `le` buckets.
std::string renderPrometheus(const MetricsView& view);

}  // namespace shadowscale::live
