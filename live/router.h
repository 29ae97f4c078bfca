#pragma once

#include <mutex>

#include "core/proxy_core.h"
#include "core/time.h"

namespace shadowscale::live {

// ProxyCore shared by the I/O threads and the control thread: the core decides, this only
// serializes the calls (ProxyCore draws from one random stream and moves weights over a ramp).
class Router {
 public:
  Router(const ProxyConfig& config, Rng rng, const Clock& clock)
      : core_(config, rng), clock_(clock) {}

  RouteDecision route(bool live_ready, bool shadow_ready) {
    std::lock_guard lock(mu_);
    return core_.route(clock_.now(), live_ready, shadow_ready);
  }
  void setShadowWeight(double target) {
    std::lock_guard lock(mu_);
    core_.setShadowWeight(target, clock_.now());
  }
  double shadowWeight() const {
    std::lock_guard lock(mu_);
    return core_.shadowWeight(clock_.now());
  }
  double targetShadowWeight() const {
    std::lock_guard lock(mu_);
    return core_.targetShadowWeight();
  }
  double mirrorFraction() const {
    std::lock_guard lock(mu_);
    return core_.mirrorFraction();
  }

 private:
  mutable std::mutex mu_;
  ProxyCore core_;
  const Clock& clock_;
};

}  // namespace shadowscale::live
