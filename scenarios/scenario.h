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

// The live proxy's own settings (scenario.proto's Server message).
struct ServerSpec {
  std::string listen_host = "127.0.0.1";
  int listen_port = 8080;  // 0 = any free port
  std::string admin_host = "127.0.0.1";
  int admin_port = 9901;  // 0 = any free port
  bool admin = true;      // false: no admin listener ("off")
  int io_threads = 1;
  int mirror_budget = 64;  // mirror copies in flight at most
  std::string shadow_host_suffix = "-shadow";
  int max_header_bytes = 16384;              // request line and headers; more is answered 431
  std::uint64_t max_body_bytes = 10u << 20;  // more is answered 413
  TimeNs client_timeout = 30 * kSecond;      // to receive one request; slower is answered 408
  TimeNs idle_timeout = 60 * kSecond;        // keep-alive connections idle longer are closed
  TimeNs connect_timeout = 2 * kSecond;      // to an upstream instance; slower is answered 502
  TimeNs drain_timeout = 30 * kSecond;       // SIGTERM waits at most this for requests in flight
  std::string capture_path;                  // empty = no capture
  bool capture_mirror = false;               // capture the mirror copies and their responses too
};

// A validated live proxy configuration file (`shadowscale proxy CONFIG`).
struct ProxyFileSpec {
  std::string source_path;
  std::uint64_t seed = 1;
  ServerSpec server;
  PoolSpec live;
  PoolSpec shadow;
  SetupSpec setup;
  SloSpec slo;
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
  ServerSpec server;  // the live proxy's settings when a pool is real (listen port 0 by default)

  // Whether a pool is real (process or static), so the run goes through the live proxy.
  bool realPools() const { return live.real() || shadow.real(); }
};

}  // namespace shadowscale
