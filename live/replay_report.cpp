#include "live/replay_report.h"

#include <cstdio>
#include <sstream>

namespace shadowscale {

namespace {

double ms(TimeNs t) {
  return toMillis(t);
}

// "avg=12.3ms min=.. med=.. p(90)=.. p(95)=.. p(99)=.. max=..", as k6 prints a trend.
std::string trend(const LatencyHistogram& h) {
  if (h.count() == 0) {
    return "-";
  }
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "avg=%.2fms min=%.2fms med=%.2fms p(90)=%.2fms p(95)=%.2fms p(99)=%.2fms "
                "max=%.2fms",
                h.mean() / 1e6, ms(h.min()), ms(h.percentile(0.5)), ms(h.percentile(0.9)),
                ms(h.percentile(0.95)), ms(h.percentile(0.99)), ms(h.max()));
  return buf;
}

std::string line(const char* label, const std::string& value) {
  std::string l = "  ";
  l += label;
  l += ' ';
  while (l.size() < 22) {
    l += '.';
  }
  return l + ": " + value + "\n";
}

}  // namespace

SetupResult replayMetrics(const std::string& name, const ReplayResult& r, const SloTracker& slo) {
  SetupResult s;
  s.name = name;
  const LatencyHistogram& l = r.latency;
  s.set("requests", static_cast<double>(r.scheduled));
  s.set("sent", static_cast<double>(r.sent));
  s.set("completed", static_cast<double>(r.completed));
  s.set("throughput_rps", r.wall > 0 ? static_cast<double>(r.completed) / toSeconds(r.wall) : 0);
  s.set("p50_ms", ms(l.percentile(0.5)));
  s.set("p90_ms", ms(l.percentile(0.9)));
  s.set("p95_ms", ms(l.percentile(0.95)));
  s.set("p99_ms", ms(l.percentile(0.99)));
  s.set("p999_ms", ms(l.percentile(0.999)));
  s.set("max_ms", ms(l.max()));
  s.set("mean_ms", l.mean() / 1e6);
  s.set("error_rate", slo.errorRate());
  s.set("timeouts", static_cast<double>(r.timeouts));
  s.set("connection_errors", static_cast<double>(r.connection_errors));
  s.set("dropped", static_cast<double>(r.dropped));
  s.set("status_2xx", static_cast<double>(r.status_classes[2]));
  s.set("status_3xx", static_cast<double>(r.status_classes[3]));
  s.set("status_4xx", static_cast<double>(r.status_classes[4]));
  s.set("status_5xx", static_cast<double>(r.status_classes[5]));
  s.set("slo_violation_minutes", static_cast<double>(slo.violationMinutes()));
  s.set("slo_over_target_share", slo.overTargetShare());
  s.set("response_p50_ms", ms(r.response.percentile(0.5)));
  s.set("response_p99_ms", ms(r.response.percentile(0.99)));
  s.set("send_lag_p99_ms", ms(r.send_lag.percentile(0.99)));
  s.set("send_lag_max_ms", ms(r.send_lag.max()));
  s.set("connections_opened", static_cast<double>(r.connections_opened));
  s.set("max_connections_open", r.max_connections_open);
  s.set("duration_s", toSeconds(r.wall));
  s.simulated_requests = r.sent;
  return s;
}

std::string replaySummaryText(const ReplayResult& r, const SloTracker& slo) {
  std::ostringstream o;
  char buf[256];
  const double seconds = toSeconds(r.wall);
  std::snprintf(buf, sizeof buf, "%llu  %.1f/s  (sent %llu, answered %llu, dropped %llu)",
                static_cast<unsigned long long>(r.scheduled),
                seconds > 0 ? static_cast<double>(r.sent) / seconds : 0.0,
                static_cast<unsigned long long>(r.sent),
                static_cast<unsigned long long>(r.completed),
                static_cast<unsigned long long>(r.dropped));
  o << line("requests", buf);
  o << line("latency", trend(r.latency));
  o << "    from each request's intended send time: the queueing a slow server causes counts\n";
  o << line("response time", trend(r.response));
  o << line("send lag", trend(r.send_lag));
  const std::uint64_t failed = r.failed();
  std::snprintf(buf, sizeof buf,
                "%.2f%%  %llu of %llu  (5xx %llu, timeouts %llu, connection errors %llu, "
                "dropped %llu)",
                100.0 * slo.errorRate(), static_cast<unsigned long long>(failed),
                static_cast<unsigned long long>(r.scheduled),
                static_cast<unsigned long long>(r.status_classes[5]),
                static_cast<unsigned long long>(r.timeouts),
                static_cast<unsigned long long>(r.connection_errors),
                static_cast<unsigned long long>(r.dropped));
  o << line("failed", buf);
  std::snprintf(buf, sizeof buf, "1xx %llu, 2xx %llu, 3xx %llu, 4xx %llu, 5xx %llu",
                static_cast<unsigned long long>(r.status_classes[1]),
                static_cast<unsigned long long>(r.status_classes[2]),
                static_cast<unsigned long long>(r.status_classes[3]),
                static_cast<unsigned long long>(r.status_classes[4]),
                static_cast<unsigned long long>(r.status_classes[5]));
  o << line("status", buf);
  std::snprintf(buf, sizeof buf, "%.4f over the %.0f ms target, %llu violation minutes",
                slo.overTargetShare(), toMillis(slo.spec().latency_target),
                static_cast<unsigned long long>(slo.violationMinutes()));
  o << line("slo", buf);
  std::snprintf(buf, sizeof buf, "%llu opened, at most %d open at once",
                static_cast<unsigned long long>(r.connections_opened), r.max_connections_open);
  o << line("connections", buf);
  std::snprintf(buf, sizeof buf, "%.1f s", seconds);
  o << line("duration", buf);
  return o.str();
}

}  // namespace shadowscale
