#include "app/studio/stall_meter.h"

#include <algorithm>

namespace shadowscale::studio {

StallMeter::StallMeter(QObject* parent) : QObject(parent) {
  timer_.setInterval(0);
  connect(&timer_, &QTimer::timeout, this, &StallMeter::tick);
}

void StallMeter::start() {
  longest_ms_ = 0;
  iterations_ = 0;
  clock_.start();
  timer_.start();
}

void StallMeter::stop() {
  timer_.stop();
}

void StallMeter::tick() {
  const double ms = static_cast<double>(clock_.nsecsElapsed()) / 1e6;
  clock_.restart();
  if (iterations_ > 0) {
    longest_ms_ = std::max(longest_ms_, ms);
  }
  ++iterations_;
}

}  // namespace shadowscale::studio
