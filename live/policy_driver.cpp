#include "live/policy_driver.h"

#include <algorithm>
#include <chrono>

namespace shadowscale::live {
namespace {

constexpr std::chrono::milliseconds kLifecycleEvery{100};

}  // namespace

PolicyDriver::PolicyDriver(boost::asio::io_context& control, const WallClock& clock, Router& router,
                           std::array<LivePool*, kPoolCount> pools, TrafficStats& stats,
                           std::vector<std::unique_ptr<ScalingPolicy>> policies)
    : control_(control),
      clock_(clock),
      calendar_(clock.unixEpoch(), 0),
      router_(router),
      pools_(pools),
      stats_(stats),
      lifecycle_(control) {
  for (auto& p : policies) {
    Slot s;
    s.policy = std::move(p);
    s.timer = std::make_unique<boost::asio::steady_timer>(control_);
    slots_.push_back(std::move(s));
  }
}

std::optional<PolicyTelemetry> PolicyDriver::telemetrySnapshot() const {
  std::lock_guard lock(telemetry_mu_);
  return telemetry_;
}

void PolicyDriver::start() {
  running_ = true;
  const TrafficSnapshot snap = stats_.snapshot();
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    // The first window reaches back to run time 0, when the counters began (nothing is served
    // before start()): a forecasting policy's first interval is then whole, not a fragment
    // flagged missing from which a forecaster could not fit.
    slots_[i].last_tick = 0;
    slots_[i].before = snap.pools;
    slots_[i].timer->expires_after(clock_.realDuration(slots_[i].policy->period()));
    armPolicy(i);
  }
  lifecycle_.expires_after(kLifecycleEvery);
  armLifecycle();
}

void PolicyDriver::stop() {
  running_ = false;
  for (Slot& s : slots_) {
    s.timer->cancel();
  }
  lifecycle_.cancel();
}

void PolicyDriver::armLifecycle() {
  lifecycle_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || !running_) {
      return;
    }
    const TimeNs now = clock_.now();
    for (LivePool* pool : pools_) {
      if (pool != nullptr) {
        pool->tick(now);
      }
    }
    lifecycle_.expires_at(lifecycle_.expiry() + kLifecycleEvery);
    armLifecycle();
  });
}

void PolicyDriver::armPolicy(std::size_t i) {
  slots_[i].timer->async_wait([this, i](const boost::system::error_code& ec) {
    if (ec || !running_) {
      return;
    }
    Slot& slot = slots_[i];
    const TimeNs now = clock_.now();
    const Observation obs = observe(i, now);
    demand_rps_ = obs.demand_rate;
    Decision d;
    try {
      d = slot.policy->decide(obs);
    } catch (const std::exception& e) {
      stop();
      if (on_failure_) {
        on_failure_(e.what());
      }
      return;
    }
    if (const PolicyTelemetry* t = slot.policy->telemetry()) {
      std::lock_guard lock(telemetry_mu_);
      telemetry_ = *t;
    }
    apply(d, now);
    ++decisions_;
    // Periods count from the previous expiry, so ticks do not drift by the time decide() took.
    slot.timer->expires_at(slot.timer->expiry() + clock_.realDuration(slot.policy->period()));
    armPolicy(i);
  });
}

Observation PolicyDriver::observe(std::size_t i, TimeNs now) {
  Slot& slot = slots_[i];
  Observation obs;
  obs.now = now;
  obs.window = now - slot.last_tick;
  obs.civil = calendar_.civil(now);
  obs.shadow_weight = router_.shadowWeight();
  obs.shadow_weight_target = router_.targetShadowWeight();
  const double window_s = std::max(toSeconds(obs.window), 1e-9);
  const TrafficSnapshot snap = stats_.snapshot();
  std::uint64_t demand = 0;
  for (int p = 0; p < kPoolCount; ++p) {
    const PoolTraffic& c = snap.pools[static_cast<std::size_t>(p)];
    const PoolTraffic& b = slot.before[static_cast<std::size_t>(p)];
    demand += c.primary - b.primary;
    const LatencyHistogram window = stats_.takeWindow(static_cast<int>(i), static_cast<PoolId>(p));
    LivePool* pool = pools_[static_cast<std::size_t>(p)];
    if (pool == nullptr) {
      continue;
    }
    PoolView& v = obs.pools[static_cast<std::size_t>(p)];
    pool->fillView(v, now, obs.window);
    const auto sent =
        static_cast<double>((c.primary - b.primary) + (c.mirror_sent - b.mirror_sent));
    v.arrival_rate = static_cast<double>(c.primary - b.primary) / window_s;
    v.mirror_rate = static_cast<double>(c.mirror_sent - b.mirror_sent) / window_s;
    v.served_rate = static_cast<double>((c.ok - b.ok) + (c.mirror_ok - b.mirror_ok)) / window_s;
    const auto failed = static_cast<double>(c.failedTotal() - b.failedTotal());
    v.error_rate = sent > 0 ? failed / sent : 0.0;
    v.p99_latency_ms = toMillis(window.percentile(0.99));
  }
  obs.demand_rate = static_cast<double>(demand) / window_s;
  slot.last_tick = now;
  slot.before = snap.pools;
  return obs;
}

void PolicyDriver::apply(const Decision& d, TimeNs now) {
  for (int p = 0; p < kPoolCount; ++p) {
    LivePool* pool = pools_[static_cast<std::size_t>(p)];
    if (pool != nullptr && d.instances[static_cast<std::size_t>(p)]) {
      pool->setDesired(*d.instances[static_cast<std::size_t>(p)], now);
    }
  }
  // CPU per instance and the database pool size have no real counterpart here: a process keeps
  // the CPU it has, and the database is the service's own.
  if (d.shadow_weight && pools_[index(PoolId::kShadow)] != nullptr) {
    router_.setShadowWeight(*d.shadow_weight);
  }
}

}  // namespace shadowscale::live
