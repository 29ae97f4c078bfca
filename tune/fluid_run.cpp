#include "tune/fluid_run.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include "core/calendar.h"
#include "core/metrics/billing.h"
#include "core/metrics/slo_tracker.h"
#include "core/proxy_core.h"
#include "sim/policy_factory.h"
#include "tune/fluid_pool.h"

namespace shadowscale {

namespace {

// Cumulative expected request counts of one pool.
struct Counts {
  double primary = 0, ok = 0, failed = 0, mirror = 0, mirror_ok = 0, mirror_failed = 0;

  void add(const FluidFlow& f) {
    primary += f.primary;
    ok += f.primary_ok;
    failed += f.primary_failed;
    mirror += f.mirror;
    mirror_ok += f.mirror_ok;
    mirror_failed += f.mirror_failed;
  }
};

// One policy and the counts at its last tick.
struct Slot {
  std::unique_ptr<ScalingPolicy> policy;
  TimeNs period = 0;
  TimeNs next = 0;
  TimeNs last = 0;
  Counts before[kPoolCount];
  Observation obs;  // reused, so the instance lists keep their memory
};

// Everything one fluid run owns.
class FluidModel {
 public:
  FluidModel(const Scenario& sc, const SetupSpec& setup, const DemandSeries& demand)
      : sc_(sc),
        setup_(setup),
        demand_(demand),
        billing_(sc.cost),
        core_(proxyConfig(setup), Rng::stream(sc.seed, "tune.fluid.proxy")),
        calendar_(demand.epoch, 0),
        slo_(sc.slo) {
    for (auto& policy : makePolicies(setup)) {
      Slot s;
      s.period = std::max<TimeNs>(policy->period(), demand.step);
      s.next = s.period;
      s.policy = std::move(policy);
      slots_.push_back(std::move(s));
    }
    pools_[0].emplace(PoolId::kLive, sc.live, Rng::stream(sc.seed, "tune.fluid.live"), billing_,
                      slots_.size());
    if (setup.shadow_pool) {
      pools_[1].emplace(PoolId::kShadow, sc.shadow, Rng::stream(sc.seed, "tune.fluid.shadow"),
                        billing_, slots_.size());
    }
  }

  std::vector<WindowMetrics> run(TimeNs end, const std::vector<JudgedWindow>& windows);

 private:
  static ProxyConfig proxyConfig(const SetupSpec& setup) {
    ProxyConfig c = setup.proxy;
    if (!setup.shadow_pool) {
      c.mirror_fraction = 0;
      c.initial_shadow_weight = 0;
    }
    return c;
  }

  double accruedHours(TimeNs t) const {
    return billing_.accrued(PoolId::kLive, t).instance_hours +
           billing_.accrued(PoolId::kShadow, t).instance_hours;
  }
  void tick(Slot& s, TimeNs now);
  void step(TimeNs t);
  void closeMinute(TimeNs t, const std::vector<JudgedWindow>& windows,
                   std::vector<WindowMetrics>& out);

  const Scenario& sc_;
  const SetupSpec& setup_;
  const DemandSeries& demand_;
  Billing billing_;
  ProxyCore core_;
  Calendar calendar_;
  SloTracker slo_;
  std::optional<FluidPool> pools_[kPoolCount];
  std::vector<Slot> slots_;
  Counts counts_[kPoolCount];
  // The open one-minute slice, in expected counts.
  double minute_requests_ = 0, minute_failed_ = 0, minute_over_ = 0;
};

void FluidModel::tick(Slot& s, TimeNs now) {
  Observation& obs = s.obs;
  obs.now = now;
  obs.window = now - s.last;
  obs.civil = calendar_.civil(now);
  obs.db_pool_size = sc_.db_pool_size;
  obs.shadow_weight = core_.shadowWeight(now);
  obs.shadow_weight_target = core_.targetShadowWeight();
  const double window_s = std::max(toSeconds(obs.window), 1e-9);
  double demand = 0;
  const auto slot = static_cast<std::size_t>(&s - slots_.data());
  for (int p = 0; p < kPoolCount; ++p) {
    const Counts& c = counts_[p];
    const Counts& b = s.before[p];
    demand += c.primary - b.primary;
    PoolView& v = obs.pools[p];
    if (!pools_[p]) {
      v = PoolView{};
      continue;
    }
    pools_[p]->fillView(v, now, obs.window, slot);
    const double sent = (c.primary - b.primary) + (c.mirror - b.mirror);
    v.arrival_rate = (c.primary - b.primary) / window_s;
    v.mirror_rate = (c.mirror - b.mirror) / window_s;
    v.served_rate = ((c.ok - b.ok) + (c.mirror_ok - b.mirror_ok)) / window_s;
    const double failed = (c.failed - b.failed) + (c.mirror_failed - b.mirror_failed);
    v.error_rate = sent > 0 ? failed / sent : 0.0;
  }
  obs.demand_rate = demand / window_s;
  obs.event_active = false;
  for (const TrafficEvent& e : demand_.events) {
    obs.event_active = obs.event_active || (now >= e.start && now < e.end);
  }
  // The announced events, as the simulator gives them: the forecasters of a candidate prepare
  // for them in the screening as they do when the simulator confirms it.
  obs.announced_events = demand_.events;
  const Decision d = s.policy->decide(obs);
  for (int p = 0; p < kPoolCount; ++p) {
    if (!pools_[p]) {
      continue;
    }
    if (d.cpu_per_instance[p]) {
      pools_[p]->setCpu(*d.cpu_per_instance[p], now);
    }
    if (d.instances[p]) {
      pools_[p]->setDesired(*d.instances[p], now);
    }
  }
  if (d.shadow_weight && pools_[1]) {
    core_.setShadowWeight(*d.shadow_weight, now);
  }
  s.last = now;
  for (int p = 0; p < kPoolCount; ++p) {
    s.before[p] = counts_[p];
  }
}

void FluidModel::step(TimeNs t) {
  const double demand = demand_.at(t);
  FluidPool& live = *pools_[0];
  FluidPool* shadow = pools_[1] ? &*pools_[1] : nullptr;
  // The proxy's routing share, with its rule that a pool without a ready instance gets nothing
  // while the other has one.
  double w = shadow != nullptr ? core_.shadowWeight(t) : 0.0;
  if (shadow != nullptr && w > 0 && !shadow->hasReady() && live.hasReady()) {
    w = 0;
  } else if (shadow != nullptr && w < 1 && !live.hasReady() && shadow->hasReady()) {
    w = 1;
  }
  const double to_live = (1.0 - w) * demand;
  const double mirror = shadow != nullptr ? core_.mirrorFraction() * to_live : 0.0;
  const TimeNs target = sc_.slo.latency_target;
  const FluidFlow a = live.serve(to_live, 0.0, demand_.step, target);
  counts_[0].add(a);
  double requests = a.primary, failed = a.primary_failed, over = a.primary_over_target;
  if (shadow != nullptr) {
    const FluidFlow b = shadow->serve(w * demand, mirror, demand_.step, target);
    counts_[1].add(b);
    requests += b.primary;
    failed += b.primary_failed;
    over += b.primary_over_target;
  }
  minute_requests_ += requests;
  minute_failed_ += failed;
  minute_over_ += over;
}

void FluidModel::closeMinute(TimeNs t, const std::vector<JudgedWindow>& windows,
                             std::vector<WindowMetrics>& out) {
  auto count = [](double v) { return static_cast<std::uint64_t>(std::llround(std::max(v, 0.0))); };
  slo_.recordCounts(count(minute_requests_), count(minute_failed_), count(minute_over_));
  const SloMinute m = slo_.closeMinute();
  for (std::size_t i = 0; i < windows.size(); ++i) {
    if (t - kMinute >= windows[i].from && t <= windows[i].to) {
      out[i].violation_minutes += m.violated() ? 1 : 0;
      out[i].requests += minute_requests_;
      out[i].failed += minute_failed_;
    }
  }
  minute_requests_ = minute_failed_ = minute_over_ = 0;
}

std::vector<WindowMetrics> FluidModel::run(TimeNs end, const std::vector<JudgedWindow>& windows) {
  std::vector<WindowMetrics> out(windows.size());
  std::vector<double> hours_from(windows.size(), 0.0);
  pools_[0]->startReady(sc_.live.initial_instances, 0);
  if (pools_[1]) {
    pools_[1]->startReady(sc_.shadow.initial_instances, 0);
  }
  const TimeNs dt = demand_.step;
  for (TimeNs t = 0; t < end; t += dt) {
    if (t > 0 && t % kMinute == 0) {
      closeMinute(t, windows, out);
    }
    for (std::size_t i = 0; i < windows.size(); ++i) {
      if (windows[i].from <= t && windows[i].from > t - dt) {
        hours_from[i] = accruedHours(t);
      }
      if (windows[i].to <= t && windows[i].to > t - dt) {
        out[i].instance_hours = accruedHours(t) - hours_from[i];
      }
    }
    for (auto& p : pools_) {
      if (p) {
        p->advance(t);
      }
    }
    for (Slot& s : slots_) {
      while (s.next <= t) {
        tick(s, t);
        s.next += s.period;
      }
    }
    step(t);
  }
  if (end % kMinute == 0) {
    closeMinute(end, windows, out);
  }
  for (std::size_t i = 0; i < windows.size(); ++i) {
    if (windows[i].to >= end) {
      out[i].instance_hours = accruedHours(end) - hours_from[i];
    }
  }
  for (auto& p : pools_) {
    if (p) {
      p->stopAll(end);
    }
  }
  return out;
}

}  // namespace

std::vector<WindowMetrics> runFluid(const Scenario& scenario, const SetupSpec& setup,
                                    const DemandSeries& demand, TimeNs end,
                                    const std::vector<JudgedWindow>& windows) {
  FluidModel model(scenario, setup, demand);
  return model.run(std::min(end, demand.end), windows);
}

}  // namespace shadowscale
