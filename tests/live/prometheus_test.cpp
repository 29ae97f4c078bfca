// The Prometheus text exposition of the proxy's counters.
#include "live/prometheus.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

namespace shadowscale::live {
namespace {

MetricsView sampleView() {
  MetricsView v;
  v.traffic.pools[0].primary = 5;
  v.traffic.pools[0].status_class[2] = 4;
  v.traffic.pools[0].status_class[5] = 1;
  v.traffic.pools[0].failures[static_cast<int>(UpstreamFailure::kTimeout)] = 1;
  v.traffic.pools[1].mirror_sent = 3;
  v.traffic.mirror_dropped = 7;
  v.traffic.client_errors[431] = 2;
  for (TimeNs ms : {2, 20, 20, 300, 7000}) {
    v.latency[0].record(ms * kMillisecond);
  }
  v.has_pool = {true, true};
  InstanceReport r;
  r.address = "127.0.0.1:9000";
  r.state = InstanceState::kReady;
  r.cpu_seconds = 1.5;
  r.rss_bytes = 4096;
  r.startup_seconds = 2.25;
  v.instances[0].push_back(r);
  v.desired = {1, 0};
  v.shadow_weight = 0.25;
  v.forecast_p50_rps = 40;
  v.forecast_upper_rps = 55;
  return v;
}

TEST(Prometheus, CountersAndGaugesCarryTheirValues) {
  const std::string text = renderPrometheus(sampleView());
  for (const char* line : {
           "shadowscale_requests_total{pool=\"live\",code=\"2xx\"} 4\n",
           "shadowscale_requests_total{pool=\"live\",code=\"5xx\"} 1\n",
           "shadowscale_upstream_failures_total{pool=\"live\",reason=\"timeout\"} 1\n",
           "shadowscale_client_errors_total{code=\"431\"} 2\n",
           "shadowscale_mirror_sent_total 3\n",
           "shadowscale_mirror_dropped_total 7\n",
           "shadowscale_instances{pool=\"live\",state=\"ready\"} 1\n",
           "shadowscale_instances{pool=\"shadow\",state=\"ready\"} 0\n",
           "shadowscale_instance_cpu_seconds_total{pool=\"live\",instance=\"127.0.0.1:9000\"} "
           "1.5\n",
           "shadowscale_instance_startup_seconds{pool=\"live\",instance=\"127.0.0.1:9000\"} 2.25\n",
           "shadowscale_shadow_weight{kind=\"current\"} 0.25\n",
           "shadowscale_forecast_rps{quantile=\"0.5\"} 40\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "missing from\n" << text;
  }
}

TEST(Prometheus, HistogramBucketsAreCumulativeInSeconds) {
  const std::string text = renderPrometheus(sampleView());
  const std::string b = "shadowscale_request_duration_seconds_bucket{pool=\"live\",";
  EXPECT_NE(text.find(b + "le=\"0.005\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find(b + "le=\"0.025\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find(b + "le=\"0.5\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find(b + "le=\"5\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find(b + "le=\"+Inf\"} 5\n"), std::string::npos);
  EXPECT_NE(text.find("shadowscale_request_duration_seconds_count{pool=\"live\"} 5\n"),
            std::string::npos);
}

TEST(Prometheus, EveryFamilyIsDeclaredOnceBeforeItsSamples) {
  std::istringstream lines(renderPrometheus(sampleView()));
  std::set<std::string> declared;
  std::string line;
  std::string current;
  while (std::getline(lines, line)) {
    if (line.rfind("# TYPE ", 0) == 0) {
      current = line.substr(7, line.find(' ', 7) - 7);
      EXPECT_TRUE(declared.insert(current).second) << "declared twice: " << current;
      continue;
    }
    if (line.rfind("#", 0) == 0) {
      continue;
    }
    const std::string name = line.substr(0, line.find_first_of("{ "));
    EXPECT_EQ(name.rfind(current, 0), 0u) << line << " is not in family " << current;
  }
  EXPECT_GT(declared.size(), 10u);
}

TEST(Prometheus, NoForecastNoForecastFamily) {
  MetricsView v = sampleView();
  v.forecast_p50_rps = -1;
  EXPECT_EQ(renderPrometheus(v).find("shadowscale_forecast_rps"), std::string::npos);
}

}  // namespace
}  // namespace shadowscale::live
