#include "core/proxy_core.h"

#include <algorithm>
#include <cmath>

namespace shadowscale {

ProxyCore::ProxyCore(const ProxyConfig& config, Rng rng)
    : ramp_(std::max<TimeNs>(config.transition_ramp, 0)),
      from_(std::clamp(config.initial_shadow_weight, 0.0, 1.0)),
      to_(from_),
      rng_(rng) {
  setMirrorFraction(config.mirror_fraction);
}

void ProxyCore::setShadowWeight(double target, TimeNs now) {
  target = std::clamp(target, 0.0, 1.0);
  if (target == to_) {
    return;
  }
  from_ = shadowWeight(now);
  to_ = target;
  ramp_start_ = now;
  ramp_end_ = now + ramp_;
}

void ProxyCore::setMirrorFraction(double fraction) {
  mirror_fraction_ = std::clamp(fraction, 0.0, 1.0);
  mirror_all_ = mirror_fraction_ >= 1.0;
  // Compare raw 64-bit draws against a threshold: one draw, no floating point on the hot path.
  mirror_threshold_ =
      mirror_all_ ? ~0ULL : static_cast<std::uint64_t>(std::ldexp(mirror_fraction_, 64));
}

}  // namespace shadowscale
