#include "live/echo_service.h"

#include <time.h>

#include <chrono>
#include <cmath>
#include <thread>

namespace shadowscale {

namespace {

TimeNs threadCpuNow() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<TimeNs>(ts.tv_sec) * kSecond + ts.tv_nsec;
}

TimeNs steadyNow() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void burnCpu(TimeNs cpu) {
  const TimeNs until = threadCpuNow() + cpu;
  volatile std::uint64_t sink = 0;
  while (threadCpuNow() < until) {
    for (int i = 0; i < 1000; ++i) {
      sink = sink * 6364136223846793005ULL + 1442695040888963407ULL;
    }
  }
}

EchoService::EchoService(const EchoConfig& config, int workers)
    : config_(config), sampler_(config.service) {
  for (int i = 0; i < workers; ++i) {
    rngs_.push_back(Rng::stream(config.seed, "echo-worker-" + std::to_string(i)));
  }
  if (!config.db_pool.empty()) {
    db_ = std::make_unique<SharedConnectionLimit>(config.db_pool, config.db_connections);
  }
}

EchoWork EchoService::serve(int worker) {
  EchoWork w;
  w.service = sampler_.sample(rngs_[static_cast<std::size_t>(worker)]);
  if (db_) {
    const TimeNs before = steadyNow();
    const bool got = db_->acquire(config_.db_timeout);
    w.db_wait = steadyNow() - before;
    if (!got) {
      return w;
    }
  }
  const TimeNs start = steadyNow();
  const auto cpu =
      static_cast<TimeNs>(std::llround(static_cast<double>(w.service) * config_.cpu_share));
  if (cpu > 0) {
    burnCpu(cpu);
  }
  // The rest of the service time is waiting (on I/O, a database): measured from the start, so
  // a burn slowed by contention is not paid twice.
  const TimeNs left = start + w.service - steadyNow();
  if (left > 0) {
    std::this_thread::sleep_for(std::chrono::nanoseconds(left));
  }
  if (db_) {
    db_->release();
  }
  w.served = true;
  return w;
}

}  // namespace shadowscale
