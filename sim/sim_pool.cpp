#include "sim/sim_pool.h"

#include <algorithm>
#include <stdexcept>

namespace shadowscale {

SimPool::SimPool(PoolId id, const PoolSpec& spec, Rng rng, EventQueue& events, DbPool& db,
                 Billing& billing)
    : id_(id),
      spec_(spec),
      rng_(rng),
      lifecycle_rng_(Rng(rng.next())),
      events_(events),
      db_(db),
      timeout_(spec.instance.timeout > 0 ? spec.instance.timeout : kNever),
      provisioning_(spec.instance.provisioning),
      startup_(spec.instance.startup),
      cpu_(spec.cpu_per_instance > 0 ? spec.cpu_per_instance : 1.0),
      billing_(billing) {
  if (spec.instance.workers < 1) {
    throw std::invalid_argument("instance model: workers must be at least 1");
  }
  services_.emplace_back(spec.instance.service);
  for (const RouteModel& r : spec.instance.routes) {
    services_.emplace_back(r.service);
  }
}

SimInstance& SimPool::addInstance(TimeNs now) {
  auto in = std::make_unique<SimInstance>();
  in->id = next_id_++;
  in->created_at = now;
  in->cpu = cpu_;
  billing_.start(id_, in->id, now, cpu_);
  in->workers = static_cast<std::uint32_t>(spec_.instance.workers);
  in->queue_capacity = static_cast<std::uint32_t>(std::max(spec_.instance.queue_capacity, 0));
  in->slots.assign(in->workers + in->queue_capacity, now);
  instances_.push_back(std::move(in));
  return *instances_.back();
}

void SimPool::startReady(int count, TimeNs now) {
  for (int i = 0; i < count; ++i) {
    SimInstance& in = addInstance(now);
    in.state = InstanceState::kReady;
    in.started_at = now;
    in.ready_at = now;
  }
  desired_ += count;
  rebuildReady();
}

void SimPool::becomeStarting(SimInstance& in, TimeNs now) {
  in.state = InstanceState::kStarting;
  in.started_at = now;
  SimInstance* p = &in;
  in.pending_event = events_.schedule(now + startup_.sample(lifecycle_rng_),
                                      [this, p](TimeNs t) { becomeReady(*p, t); });
}

void SimPool::becomeReady(SimInstance& in, TimeNs now) {
  in.has_pending_event = false;
  in.state = InstanceState::kReady;
  in.ready_at = now;
  const auto free = in.workerFree();
  std::fill(free.begin(), free.end(), now);
  ready_.push_back(&in);
}

void SimPool::setDesired(int count, TimeNs now) {
  count = std::clamp(count, std::max(spec_.min_instances, 0), std::max(spec_.max_instances, 0));
  desired_ = count;
  int active = 0;
  for (const auto& in : instances_) {
    if (in->state != InstanceState::kDraining && in->state != InstanceState::kStopped) {
      ++active;
    }
  }
  for (; active < count; ++active) {
    SimInstance& in = addInstance(now);
    SimInstance* p = &in;
    in.has_pending_event = true;
    in.pending_event = events_.schedule(now + provisioning_.sample(lifecycle_rng_),
                                        [this, p](TimeNs t) { becomeStarting(*p, t); });
  }
  if (active <= count) {
    return;
  }
  // Remove the least useful first, as a ReplicaSet does: not yet started, then starting, then
  // ready; the newest of each first.
  int excess = active - count;
  for (InstanceState victim_state :
       {InstanceState::kProvisioning, InstanceState::kStarting, InstanceState::kReady}) {
    for (auto it = instances_.rbegin(); it != instances_.rend() && excess > 0; ++it) {
      SimInstance& in = **it;
      if (in.state != victim_state) {
        continue;
      }
      --excess;
      if (victim_state == InstanceState::kReady) {
        beginDrain(in, now);
      } else {
        events_.cancel(in.pending_event);
        in.has_pending_event = false;
        stop(in, now);
      }
    }
  }
  rebuildReady();
  eraseStopped();
}

void SimPool::beginDrain(SimInstance& in, TimeNs now) {
  in.state = InstanceState::kDraining;
  in.draining_at = now;
  // In-flight and queued requests finish where they started; then the instance stops.
  TimeNs stop_at = std::max(now, in.lastFree());
  if (spec_.instance.drain_timeout > 0) {
    stop_at = std::min(stop_at, now + spec_.instance.drain_timeout);
  }
  SimInstance* p = &in;
  in.has_pending_event = true;
  in.pending_event = events_.schedule(stop_at, [this, p](TimeNs t) {
    p->has_pending_event = false;
    stop(*p, t);
    eraseStopped();
  });
}

void SimPool::stop(SimInstance& in, TimeNs now) {
  in.state = InstanceState::kStopped;
  in.stopped_at = now;
  billing_.stop(id_, in.id, now);
}

void SimPool::rebuildReady() {
  ready_.clear();
  for (const auto& in : instances_) {
    if (in->state == InstanceState::kReady) {
      ready_.push_back(in.get());
    }
  }
  rr_ = 0;
}

void SimPool::eraseStopped() {
  std::erase_if(instances_, [](const auto& in) { return in->state == InstanceState::kStopped; });
}

void SimPool::setCpu(double cpu, TimeNs now) {
  if (cpu <= 0 || cpu == cpu_) {
    return;
  }
  cpu_ = cpu;
  for (auto& in : instances_) {
    in->cpu = cpu;
  }
  billing_.resizePool(id_, now, cpu);
}

std::array<int, 4> SimPool::stateCounts() const {
  std::array<int, 4> c{};
  for (const auto& in : instances_) {
    if (in->state != InstanceState::kStopped) {
      ++c[static_cast<int>(in->state)];
    }
  }
  return c;
}

void SimPool::fillView(PoolView& view, TimeNs now, TimeNs window,
                       const std::function<TimeNs(std::uint64_t)>& occupied_before) const {
  view.enabled = true;
  view.desired = desired_;
  view.cpu_per_instance = cpu_;
  const auto counts = stateCounts();
  view.provisioning = counts[0];
  view.starting = counts[1];
  view.ready = counts[2];
  view.draining = counts[3];
  view.instances.clear();
  double util_sum = 0;
  int util_n = 0;
  const TimeNs window_start = now - window;
  for (const auto& in : instances_) {
    if (in->state == InstanceState::kDraining || in->state == InstanceState::kStopped) {
      continue;
    }
    InstanceView v;
    v.id = in->id;
    v.state = in->state;
    v.created_at = in->created_at;
    v.started_at = in->started_at;
    v.ready_at = in->ready_at;
    if (in->state == InstanceState::kReady) {
      // Utilization over the part of the window the instance was serving.
      const TimeNs from = std::max(window_start, in->ready_at);
      const TimeNs span = now - from;
      if (span > 0) {
        const TimeNs before = in->ready_at >= window_start ? 0 : occupied_before(in->id);
        const double busy = static_cast<double>(in->occupiedUpTo(now) - before);
        v.utilization = busy / (static_cast<double>(span) * static_cast<double>(in->workers));
        v.has_metrics = true;
        util_sum += v.utilization;
        ++util_n;
      }
    }
    view.instances.push_back(v);
  }
  view.mean_utilization = util_n > 0 ? util_sum / util_n : 0.0;
  view.configured_capacity_rps = capacityPerInstance();
}

void SimPool::stopAll(TimeNs now) {
  for (auto& in : instances_) {
    if (in->state != InstanceState::kStopped) {
      if (in->has_pending_event) {
        events_.cancel(in->pending_event);
        in->has_pending_event = false;
      }
      stop(*in, now);
    }
  }
  ready_.clear();
  eraseStopped();
}

TimeNs SimPool::meanServiceTime() const {
  return static_cast<TimeNs>(static_cast<double>(services_[0].mean()) / cpu_);
}

double SimPool::capacityPerInstance() const {
  const double mean_s = static_cast<double>(services_[0].mean()) / 1e9 / cpu_;
  return mean_s > 0 ? static_cast<double>(spec_.instance.workers) / mean_s : 0.0;
}

}  // namespace shadowscale
