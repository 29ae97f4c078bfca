#include "app/studio/stall_meter.h"

#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace shadowscale::studio {

double threadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

namespace {

// Time the calling thread has waited in a run queue for a core, in milliseconds: the second
// field of /proc/thread-self/schedstat (Linux); NaN where there is no such file.
double threadRunQueueWaitMs() {
  std::FILE* f = std::fopen("/proc/thread-self/schedstat", "r");
  if (f == nullptr) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  unsigned long long on_cpu_ns = 0, waiting_ns = 0;
  const int read = std::fscanf(f, "%llu %llu", &on_cpu_ns, &waiting_ns);
  std::fclose(f);
  return read == 2 ? static_cast<double>(waiting_ns) / 1e6
                   : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

StallMeter::StallMeter(QObject* parent) : QObject(parent) {
  timer_.setInterval(kDefaultProbeMs);
  timer_.setTimerType(Qt::PreciseTimer);
  connect(&timer_, &QTimer::timeout, this, &StallMeter::tick);
}

void StallMeter::start() {
  longest_ms_ = 0;
  longest_cpu_ms_ = 0;
  // With a 0 ms probe the file would be read millions of times: not read, not known.
  const bool waits = timer_.interval() >= 1;
  longest_wait_ms_ = longest_own_ms_ = waits ? 0 : std::numeric_limits<double>::quiet_NaN();
  iterations_ = 0;
  cpu_ms_ = threadCpuMs();
  wait_ms_ = waits ? threadRunQueueWaitMs() : std::numeric_limits<double>::quiet_NaN();
  clock_.start();
  timer_.start();
}

void StallMeter::stop() {
  timer_.stop();
}

void StallMeter::tick() {
  const double ms = static_cast<double>(clock_.nsecsElapsed()) / 1e6;
  clock_.restart();
  const double cpu = threadCpuMs();
  const double wait = std::isnan(wait_ms_) ? wait_ms_ : threadRunQueueWaitMs();
  if (iterations_ > 0) {
    if (ms > longest_ms_) {
      longest_ms_ = ms;
      longest_wait_ms_ = wait - wait_ms_;
    }
    longest_cpu_ms_ = std::max(longest_cpu_ms_, cpu - cpu_ms_);
    if (!std::isnan(wait)) {
      longest_own_ms_ = std::max(longest_own_ms_, ms - (wait - wait_ms_));
    }
  }
  cpu_ms_ = cpu;
  wait_ms_ = wait;
  ++iterations_;
}

}  // namespace shadowscale::studio
