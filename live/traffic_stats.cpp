#include "live/traffic_stats.h"

#include <algorithm>

namespace shadowscale::live {

const char* failureName(UpstreamFailure f) {
  switch (f) {
    case UpstreamFailure::kRefused:
      return "refused";
    case UpstreamFailure::kReset:
      return "reset";
    case UpstreamFailure::kTimeout:
      return "timeout";
    case UpstreamFailure::kNoInstance:
      return "no_instance";
  }
  return "unknown";
}

TrafficStats::TrafficStats(int window_slots)
    : windows_(static_cast<std::size_t>(std::max(window_slots, 1))) {}

void TrafficStats::recordAnswered(PoolId pool, unsigned status, TimeNs latency) {
  std::lock_guard lock(mu_);
  PoolTraffic& t = counts_.pools[index(pool)];
  ++t.primary;
  ++t.status_class[std::min<std::size_t>(status / 100, 5)];
  ++(status >= 500 ? t.failed : t.ok);
  latency_[index(pool)].record(latency);
  for (auto& w : windows_) {
    w[index(pool)].record(latency);
  }
}

void TrafficStats::recordFailure(PoolId pool, UpstreamFailure failure, unsigned status,
                                 TimeNs latency) {
  std::lock_guard lock(mu_);
  PoolTraffic& t = counts_.pools[index(pool)];
  ++t.primary;
  ++t.status_class[std::min<std::size_t>(status / 100, 5)];
  ++t.failures[static_cast<std::size_t>(failure)];
  ++t.failed;
  latency_[index(pool)].record(latency);
  for (auto& w : windows_) {
    w[index(pool)].record(latency);
  }
}

void TrafficStats::recordMirror(unsigned status, TimeNs latency) {
  std::lock_guard lock(mu_);
  PoolTraffic& t = counts_.pools[index(PoolId::kShadow)];
  ++t.mirror_sent;
  if (status != 0 && status < 500) {
    ++t.mirror_ok;
    mirror_latency_.record(latency);
  } else {
    ++t.mirror_failed;
  }
}

void TrafficStats::recordMirrorDropped() {
  mirror_dropped_.fetch_add(1, std::memory_order_relaxed);
}

void TrafficStats::recordClientError(unsigned status) {
  std::lock_guard lock(mu_);
  ++counts_.client_errors[status];
}

TrafficSnapshot TrafficStats::snapshot() const {
  std::lock_guard lock(mu_);
  TrafficSnapshot s = counts_;
  s.mirror_dropped = mirror_dropped_.load(std::memory_order_relaxed);
  return s;
}

LatencyHistogram TrafficStats::histogram(PoolId pool, bool mirror) const {
  std::lock_guard lock(mu_);
  return mirror ? mirror_latency_ : latency_[index(pool)];
}

LatencyHistogram TrafficStats::takeWindow(int slot, PoolId pool) {
  std::lock_guard lock(mu_);
  LatencyHistogram& w = windows_.at(static_cast<std::size_t>(slot))[index(pool)];
  LatencyHistogram out = w;
  w.reset();
  return out;
}

}  // namespace shadowscale::live
