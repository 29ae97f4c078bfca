#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/instance_model.h"
#include "core/policies/hpa_config.h"
#include "core/policies/predictive_config.h"
#include "core/policies/schedule_config.h"
#include "core/proxy_core.h"
#include "core/slo.h"
#include "core/time.h"
#include "replay/traffic_spec.h"

namespace shadowscale {

// One scaling policy of a setup.
using PolicySpec = std::variant<HpaConfig, ScheduleConfig, PredictiveConfig>;

// One setup to compare: how each pool is scaled and how traffic is routed.
struct SetupSpec {
  std::string name;
  bool shadow_pool = false;  // the setup has a shadow pool at all
  ProxyConfig proxy;         // mirror fraction, transition ramp, initial weights
  std::vector<PolicySpec> policies;
};

// A limit on a run's result; crossing it makes `shadowscale run` exit with code 99.
struct ThresholdSpec {
  std::string metric;  // a summary metric name (docs/metrics.md), e.g. "p99_ms"
  enum class Op { kLess, kLessEqual, kGreater, kGreaterEqual } op = Op::kLess;
  double value = 0;
  std::string setup;  // empty = every setup
  int line = 0;       // where it was written, for messages
};

// A validated scenario: the plain form the engine runs, built from the Protobuf text file.
struct Scenario {
  std::string name;
  std::string description;
  std::string source_path;  // the file it came from
  std::uint64_t seed = 1;
  TimeNs interval = kMinute;  // length of one output row
  TimeNs warmup = 0;          // results leave out [0, warmup); cost covers the whole run
  TrafficSpec traffic;
  PoolSpec live;
  PoolSpec shadow;
  CostModel cost;
  SloSpec slo;
  int db_pool_size = 0;  // shared database connections across all instances (0 = unlimited)
  std::vector<SetupSpec> setups;
  std::vector<ThresholdSpec> thresholds;
};

}  // namespace shadowscale
