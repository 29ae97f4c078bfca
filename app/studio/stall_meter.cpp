#include "app/studio/stall_meter.h"

#include <time.h>

#include <algorithm>

namespace shadowscale::studio {

namespace {

// CPU time the calling thread has used, in milliseconds.
double threadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
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
  iterations_ = 0;
  cpu_ms_ = threadCpuMs();
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
  if (iterations_ > 0) {
    longest_ms_ = std::max(longest_ms_, ms);
    longest_cpu_ms_ = std::max(longest_cpu_ms_, cpu - cpu_ms_);
  }
  cpu_ms_ = cpu;
  ++iterations_;
}

}  // namespace shadowscale::studio
