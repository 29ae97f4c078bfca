#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/rng.h"
#include "core/sampling.h"
#include "live/echo_config.h"
#include "live/shared_connection_limit.h"

namespace shadowscale {

// What serving one request took, for the response headers.
struct EchoWork {
  bool served = false;  // false: no database connection came free in time
  TimeNs service = 0;   // the drawn service time
  TimeNs db_wait = 0;   // time spent waiting for a database connection
};

// The work an echo instance does per request, free of sockets: draw a service time, hold a
// database connection for it (when a shared limit is set), compute for its CPU share and wait
// out the rest, as a request that calls a database would. Runs on worker threads; each worker
// has its own random stream.
class EchoService {
 public:
  EchoService(const EchoConfig& config, int workers);

  // Serves one request on worker `worker` (blocking for the service time).
  EchoWork serve(int worker);

 private:
  EchoConfig config_;
  DurationSampler sampler_;
  std::vector<Rng> rngs_;  // one per worker, only touched by that worker
  std::unique_ptr<SharedConnectionLimit> db_;
};

// Keeps the CPU busy on this thread until it has used `cpu` of thread CPU time: a CPU-bound
// request takes longer when the cores are shared, as it would for real.
void burnCpu(TimeNs cpu);

}  // namespace shadowscale
