#pragma once

#include <string>

namespace shadowscale::studio {

// Two setups over two hours of synthetic traffic, one threshold each way: runs in about a
// second, so page tests can run it whole.
inline std::string smallScenarioText() {
  return R"(name: "small"
seed: 11
interval: "1m"
warmup: "10m"
traffic {
  duration: "2h"
  synthetic { base_rate: "80/s" daily_amplitude: 0.3 noise: 0.05 }
}
slo { latency_target: "300ms" }
live_pool {
  initial_instances: 2
  min_instances: 1
  max_instances: 20
  instance {
    startup { mean: "20s" p99: "40s" }
    service { mean: "30ms" p99: "90ms" }
    workers: 4
  }
}
setup {
  name: "hpa"
  policy { hpa { pool: LIVE min_replicas: 1 max_replicas: 20 target_utilization: 0.6 } }
}
setup { name: "fixed" }
threshold { metric: "error_rate" below: 0.5 }
threshold { metric: "cost_total" below: 0.0001 setup: "fixed" }
)";
}

}  // namespace shadowscale::studio
