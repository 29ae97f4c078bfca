#include "live/prometheus.h"

#include <cstdio>
#include <string_view>

namespace shadowscale::live {
namespace {

// Bucket bounds of the exported latency histograms, in seconds (Prometheus' defaults).
constexpr double kBounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

const char* stateName(InstanceState s) {
  switch (s) {
    case InstanceState::kProvisioning:
      return "provisioning";
    case InstanceState::kStarting:
      return "starting";
    case InstanceState::kReady:
      return "ready";
    case InstanceState::kDraining:
      return "draining";
    case InstanceState::kStopped:
      return "stopped";
  }
  return "unknown";
}

// Appends metric families to a string.
class Exposition {
 public:
  void family(std::string_view name, std::string_view type, std::string_view help) {
    out_.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  }
  void sample(std::string_view name, std::string_view labels, double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", value);
    out_.append(name);
    if (!labels.empty()) {
      out_.append("{").append(labels).append("}");
    }
    out_.append(" ").append(buf).append("\n");
  }
  void histogram(std::string_view name, const std::string& labels, const LatencyHistogram& h) {
    const std::string sep = labels.empty() ? "" : labels + ",";
    const std::string bucket = std::string(name) + "_bucket";
    for (double bound : kBounds) {
      char le[32];
      std::snprintf(le, sizeof le, "le=\"%g\"", bound);
      const auto above = h.countAbove(fromSeconds(bound));
      sample(bucket, sep + le, static_cast<double>(h.count() - above));
    }
    sample(bucket, sep + "le=\"+Inf\"", static_cast<double>(h.count()));
    sample(std::string(name) + "_sum", labels, h.mean() * static_cast<double>(h.count()) / 1e9);
    sample(std::string(name) + "_count", labels, static_cast<double>(h.count()));
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string poolLabel(int p) {
  return std::string("pool=\"") + poolName(static_cast<PoolId>(p)) + "\"";
}

void renderRequests(Exposition& x, const MetricsView& v) {
  x.family("shadowscale_requests_total", "counter",
           "Primary requests by pool and status class of the response the client got.");
  for (int p = 0; p < kPoolCount; ++p) {
    const PoolTraffic& t = v.traffic.pools[static_cast<std::size_t>(p)];
    for (int c = 1; c <= 5; ++c) {
      x.sample("shadowscale_requests_total", poolLabel(p) + ",code=\"" + std::to_string(c) + "xx\"",
               static_cast<double>(t.status_class[static_cast<std::size_t>(c)]));
    }
  }
  x.family("shadowscale_upstream_failures_total", "counter",
           "Requests the proxy answered itself: refused or reset (502), timeout (504), "
           "no_instance (503).");
  for (int p = 0; p < kPoolCount; ++p) {
    const PoolTraffic& t = v.traffic.pools[static_cast<std::size_t>(p)];
    for (int f = 0; f < kUpstreamFailureKinds; ++f) {
      x.sample("shadowscale_upstream_failures_total",
               poolLabel(p) + ",reason=\"" + failureName(static_cast<UpstreamFailure>(f)) + "\"",
               static_cast<double>(t.failures[static_cast<std::size_t>(f)]));
    }
  }
  x.family("shadowscale_client_errors_total", "counter",
           "Client requests that could not be read, by the status answered (400, 408, 413, 431).");
  for (unsigned status : {400u, 408u, 413u, 431u}) {
    const auto it = v.traffic.client_errors.find(status);
    x.sample("shadowscale_client_errors_total", "code=\"" + std::to_string(status) + "\"",
             it == v.traffic.client_errors.end() ? 0.0 : static_cast<double>(it->second));
  }
  x.family("shadowscale_request_duration_seconds", "histogram",
           "Latency of primary requests from read to response, by pool.");
  for (int p = 0; p < kPoolCount; ++p) {
    x.histogram("shadowscale_request_duration_seconds", poolLabel(p),
                v.latency[static_cast<std::size_t>(p)]);
  }
}

void renderMirror(Exposition& x, const MetricsView& v) {
  const PoolTraffic& s = v.traffic.pools[index(PoolId::kShadow)];
  x.family("shadowscale_mirror_sent_total", "counter", "Mirror copies sent to the shadow pool.");
  x.sample("shadowscale_mirror_sent_total", "", static_cast<double>(s.mirror_sent));
  x.family("shadowscale_mirror_failed_total", "counter",
           "Mirror copies without a response below 500 (or with no ready shadow instance).");
  x.sample("shadowscale_mirror_failed_total", "", static_cast<double>(s.mirror_failed));
  x.family("shadowscale_mirror_dropped_total", "counter",
           "Mirror copies dropped because the in-flight budget was used up.");
  x.sample("shadowscale_mirror_dropped_total", "", static_cast<double>(v.traffic.mirror_dropped));
  x.family("shadowscale_mirror_in_flight", "gauge", "Mirror copies in flight.");
  x.sample("shadowscale_mirror_in_flight", "", v.mirror_in_flight);
  x.family("shadowscale_mirror_budget", "gauge", "Mirror copies allowed in flight at once.");
  x.sample("shadowscale_mirror_budget", "", v.mirror_budget);
  x.family("shadowscale_mirror_duration_seconds", "histogram",
           "Latency of answered mirror copies (read, timed and discarded).");
  x.histogram("shadowscale_mirror_duration_seconds", "", v.mirror_latency);
}

// Labels naming one instance of pool p.
std::string instanceLabels(int p, const InstanceReport& r) {
  return poolLabel(p) + ",instance=\"" + r.address + "\"";
}

void renderInstanceUsage(Exposition& x, const MetricsView& v) {
  x.family("shadowscale_instance_cpu_seconds_total", "counter",
           "CPU time used by an instance process (/proc).");
  for (int p = 0; p < kPoolCount; ++p) {
    for (const InstanceReport& r : v.instances[static_cast<std::size_t>(p)]) {
      x.sample("shadowscale_instance_cpu_seconds_total", instanceLabels(p, r), r.cpu_seconds);
    }
  }
  x.family("shadowscale_instance_resident_bytes", "gauge",
           "Resident memory of an instance process (/proc).");
  for (int p = 0; p < kPoolCount; ++p) {
    for (const InstanceReport& r : v.instances[static_cast<std::size_t>(p)]) {
      x.sample("shadowscale_instance_resident_bytes", instanceLabels(p, r),
               static_cast<double>(r.rss_bytes));
    }
  }
  x.family("shadowscale_instance_startup_seconds", "gauge",
           "Time from starting an instance process to its first ready answer.");
  for (int p = 0; p < kPoolCount; ++p) {
    for (const InstanceReport& r : v.instances[static_cast<std::size_t>(p)]) {
      if (r.startup_seconds >= 0) {
        x.sample("shadowscale_instance_startup_seconds", instanceLabels(p, r), r.startup_seconds);
      }
    }
  }
}

void renderInstances(Exposition& x, const MetricsView& v) {
  x.family("shadowscale_instances", "gauge", "Instances by pool and state.");
  for (int p = 0; p < kPoolCount; ++p) {
    if (!v.has_pool[static_cast<std::size_t>(p)]) {
      continue;
    }
    std::array<int, 5> counts{};
    for (const InstanceReport& r : v.instances[static_cast<std::size_t>(p)]) {
      ++counts[static_cast<std::size_t>(r.state)];
    }
    for (int s = 1; s <= 3; ++s) {
      x.sample("shadowscale_instances",
               poolLabel(p) + ",state=\"" + stateName(static_cast<InstanceState>(s)) + "\"",
               counts[static_cast<std::size_t>(s)]);
    }
  }
  x.family("shadowscale_instances_desired", "gauge", "Instances the pool is asked to run.");
  for (int p = 0; p < kPoolCount; ++p) {
    if (v.has_pool[static_cast<std::size_t>(p)]) {
      x.sample("shadowscale_instances_desired", poolLabel(p),
               v.desired[static_cast<std::size_t>(p)]);
    }
  }
  x.family("shadowscale_instance_failures_total", "counter",
           "Instances that exited by themselves or never became ready.");
  for (int p = 0; p < kPoolCount; ++p) {
    if (v.has_pool[static_cast<std::size_t>(p)]) {
      x.sample("shadowscale_instance_failures_total", poolLabel(p),
               static_cast<double>(v.instance_failures[static_cast<std::size_t>(p)]));
    }
  }
  renderInstanceUsage(x, v);
}

void renderRouting(Exposition& x, const MetricsView& v) {
  x.family("shadowscale_shadow_weight", "gauge",
           "Share of primary requests routed to the shadow pool now, and its target.");
  x.sample("shadowscale_shadow_weight", "kind=\"current\"", v.shadow_weight);
  x.sample("shadowscale_shadow_weight", "kind=\"target\"", v.shadow_weight_target);
  x.family("shadowscale_demand_rps", "gauge",
           "Primary requests per second over the last policy window (actual demand).");
  x.sample("shadowscale_demand_rps", "", v.demand_rps);
  if (v.forecast_p50_rps >= 0) {
    x.family("shadowscale_forecast_rps", "gauge",
             "The predictive policy's forecast for now, made one lead time ago.");
    x.sample("shadowscale_forecast_rps", "quantile=\"0.5\"", v.forecast_p50_rps);
    x.sample("shadowscale_forecast_rps", "quantile=\"upper\"", v.forecast_upper_rps);
  }
  x.family("shadowscale_active_requests", "gauge", "Requests read and not yet answered.");
  x.sample("shadowscale_active_requests", "", v.active_requests);
}

}  // namespace

std::string renderPrometheus(const MetricsView& view) {
  Exposition x;
  renderRequests(x, view);
  renderMirror(x, view);
  renderInstances(x, view);
  renderRouting(x, view);
  return x.take();
}

}  // namespace shadowscale::live
