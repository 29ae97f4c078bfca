#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace shadowscale::testing {

// A small scenario for the search's tests: three days of synthetic traffic with a daily cycle,
// growth and an unannounced flash crowd on the last day, a pool of 1-worker instances so the
// simulator runs in a fraction of a second, and an HPA baseline.
inline const char* kSmallScenario = R"(name: "tune-small"
seed: 7
interval: "1m"
start: "2026-03-02T00:00:00Z"
warmup: "1d"
traffic {
  duration: "3d"
  synthetic {
    base_rate: "12/s"
    daily_amplitude: 0.6
    daily_peak: "14:00"
    trend_per_week: 0.5
    noise: 0.05
    flash_crowd { start: "2d15h" rise: "2m" duration: "20m" multiplier: 4 }
  }
}
live_pool {
  initial_instances: 2
  min_instances: 1
  max_instances: 30
  instance {
    startup { mean: "60s" p99: "120s" }
    service { mean: "100ms" p99: "400ms" }
    workers: 1
    queue_capacity: 16
  }
}
slo { latency_target: "800ms" percentile: 0.99 error_budget: 0.001 }
setup {
  name: "hpa"
  policy { hpa { min_replicas: 2 max_replicas: 30 target_utilization: 0.7 } }
}
)";

// Writes `text` to `dir`/`name` and returns the path.
inline std::string writeScenario(const std::filesystem::path& dir, const std::string& name,
                                 const std::string& text) {
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

}  // namespace shadowscale::testing
