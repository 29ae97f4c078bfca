#pragma once

#include <cstdint>

#include "core/request.h"
#include "core/rng.h"
#include "core/time.h"

namespace shadowscale {

// The proxy's routing configuration, fixed for a run.
struct ProxyConfig {
  double mirror_fraction = 0.0;           // share of live-routed requests copied to the shadow pool
  TimeNs transition_ramp = 60 * kSecond;  // how long a routing-weight change takes
  double initial_shadow_weight = 0.0;     // share of primaries routed to the shadow pool at start
};

// Where one request goes.
struct RouteDecision {
  PoolId primary = PoolId::kLive;
  bool mirror = false;  // also send a fire-and-forget copy to the shadow pool
};

// The routing decisions of the proxy, shared by the simulator and the live proxy: choose the
// primary pool from the current weights, sample the mirror, move weights over a ramp. Pure: time
// comes in as a value, randomness from the stream it was given.
class ProxyCore {
 public:
  ProxyCore(const ProxyConfig& config, Rng rng);

  // Routes one request arriving at `now`. `live_ready` / `shadow_ready` say whether each pool has
  // a ready instance; a request is never sent to a pool with none while the other has one, so a
  // transition drops nothing. A mirror copy is taken only from requests whose primary is live,
  // so a copy never shares a pool with the request it copies.
  RouteDecision route(TimeNs now, bool live_ready, bool shadow_ready) {
    const double w = shadowWeight(now);
    PoolId primary = PoolId::kLive;
    if (w >= 1.0) {
      primary = PoolId::kShadow;
    } else if (w > 0.0) {
      primary = rng_.uniform() < w ? PoolId::kShadow : PoolId::kLive;
    }
    if (primary == PoolId::kShadow && !shadow_ready && live_ready) {
      primary = PoolId::kLive;
    } else if (primary == PoolId::kLive && !live_ready && shadow_ready) {
      primary = PoolId::kShadow;
    }
    bool mirror = false;
    if (primary == PoolId::kLive && mirror_threshold_ != 0) {
      mirror = mirror_all_ || rng_.next() < mirror_threshold_;
    }
    return {primary, mirror};
  }

  // Starts moving the shadow pool's routing share from its value at `now` to `target` over the
  // configured ramp. Requests already in flight are not affected.
  void setShadowWeight(double target, TimeNs now);

  // The shadow pool's routing share at `now` (linear along the ramp).
  double shadowWeight(TimeNs now) const {
    if (now >= ramp_end_) {
      return to_;
    }
    if (now <= ramp_start_) {
      return from_;
    }
    const double f =
        static_cast<double>(now - ramp_start_) / static_cast<double>(ramp_end_ - ramp_start_);
    return from_ + (to_ - from_) * f;
  }

  double targetShadowWeight() const { return to_; }
  bool inTransition(TimeNs now) const { return now < ramp_end_ && from_ != to_; }
  double mirrorFraction() const { return mirror_fraction_; }
  void setMirrorFraction(double fraction);

 private:
  TimeNs ramp_;
  double from_, to_;
  TimeNs ramp_start_ = 0, ramp_end_ = 0;
  double mirror_fraction_ = 0;
  std::uint64_t mirror_threshold_ = 0;
  bool mirror_all_ = false;
  Rng rng_;
};

}  // namespace shadowscale
