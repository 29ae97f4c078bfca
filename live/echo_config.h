#pragma once

#include <cstdint>
#include <string>

#include "core/instance_model.h"
#include "core/time.h"

namespace shadowscale {

// How a shadowscale-echo instance behaves: the knobs of the simulator's instance model, made
// real (docs/live-replay.md lists them as command-line options).
struct EchoConfig {
  std::string host = "127.0.0.1";
  unsigned short port = 0;  // 0: the kernel picks one; the server reports it
  DurationDistribution service{20 * kMillisecond, 80 * kMillisecond};
  int workers = 4;           // requests served at once
  int queue_capacity = 64;   // requests waiting beyond the workers; more get 503
  double cpu_share = 0;      // share of each service time spent computing (0..1)
  TimeNs startup_delay = 0;  // not ready (503 everywhere) until this long after start
  std::string ready_path = "/healthz";
  std::string db_pool;              // name of a shared connection limit; empty = none
  int db_connections = 0;           // its size
  TimeNs db_timeout = 5 * kSecond;  // waiting longer for a connection answers 503
  int io_threads = 1;
  std::uint64_t seed = 1;               // of the service-time streams
  TimeNs drain_timeout = 30 * kSecond;  // on SIGTERM, in-flight requests get this long
};

}  // namespace shadowscale
