#include "tune/fluid_pool.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace shadowscale {

namespace {

// The standard normal quantile of 0.99, which ties a log-normal's p99 to its parameters.
constexpr double kZ99 = 2.3263478740408408;

}  // namespace

double erlangC(int c, double a) {
  if (c < 1 || a <= 0) {
    return 0.0;
  }
  if (a >= c) {
    return 1.0;
  }
  // Erlang B by its recurrence, then C from B.
  double b = 1.0;
  for (int k = 1; k <= c; ++k) {
    b = a * b / (k + a * b);
  }
  const double rho = a / c;
  return b / (1.0 - rho + rho * b);
}

double durationTail(const DurationDistribution& d, TimeNs t) {
  const double x = static_cast<double>(t);
  const double mean = static_cast<double>(d.mean);
  if (mean <= 0) {
    return 0.0;
  }
  if (d.exponential) {
    return std::exp(-x / mean);
  }
  if (d.p99 <= d.mean) {
    return x < mean ? 1.0 : 0.0;
  }
  // mean = exp(mu + s^2 / 2) and p99 = exp(mu + z s): the smaller root for s.
  const double r = std::log(static_cast<double>(d.p99) / mean);
  const double disc = kZ99 * kZ99 - 2.0 * r;
  const double s = kZ99 - std::sqrt(std::max(disc, 0.0));
  const double mu = std::log(mean) - s * s / 2.0;
  return 0.5 * std::erfc((std::log(x) - mu) / (s * std::sqrt(2.0)));
}

double squaredVariation(const DurationDistribution& d) {
  if (d.exponential) {
    return 1.0;
  }
  if (d.mean <= 0 || d.p99 <= d.mean) {
    return 0.0;
  }
  const double r = std::log(static_cast<double>(d.p99) / static_cast<double>(d.mean));
  const double s = kZ99 - std::sqrt(std::max(kZ99 * kZ99 - 2.0 * r, 0.0));
  return std::exp(s * s) - 1.0;
}

FluidPool::FluidPool(PoolId id, const PoolSpec& spec, Rng rng, Billing& billing, std::size_t slots)
    : id_(id),
      spec_(spec),
      rng_(rng),
      billing_(billing),
      provisioning_(spec.instance.provisioning),
      startup_(spec.instance.startup),
      busy_at_tick_(slots, 0.0) {
  if (spec.instance.workers < 1) {
    throw std::invalid_argument("instance model: workers must be at least 1");
  }
  service_cv2_ = squaredVariation(spec.instance.service);
  setCpu(spec.cpu_per_instance > 0 ? spec.cpu_per_instance : 1.0, -1);
}

void FluidPool::setCpu(double cpu, TimeNs now) {
  if (cpu <= 0 || (now >= 0 && cpu == cpu_)) {
    return;
  }
  cpu_ = cpu;
  mean_service_s_ = toSeconds(spec_.instance.service.mean) / cpu;
  capacity_ = mean_service_s_ > 0 ? spec_.instance.workers / mean_service_s_ : 0.0;
  if (now >= 0) {
    billing_.resizePool(id_, now, cpu);
  }
}

void FluidPool::add(TimeNs now) {
  Instance in;
  in.id = next_id_++;
  in.created_at = now;
  in.start_due = now + provisioning_.sample(rng_);
  in.ready_due = in.start_due + startup_.sample(rng_);
  billing_.start(id_, in.id, now, cpu_);
  instances_.push_back(in);
}

void FluidPool::startReady(int count, TimeNs now) {
  for (int i = 0; i < count; ++i) {
    add(now);
    Instance& in = instances_.back();
    in.state = InstanceState::kReady;
    in.started_at = now;
    in.ready_at = now;
    in.busy_at_ready = busy_integral_;
    ++ready_;
  }
  desired_ += count;
}

void FluidPool::stop(std::size_t i, TimeNs now) {
  if (instances_[i].state == InstanceState::kReady) {
    --ready_;
  }
  billing_.stop(id_, instances_[i].id, now);
  instances_.erase(instances_.begin() + static_cast<std::ptrdiff_t>(i));
}

void FluidPool::setDesired(int count, TimeNs now) {
  count = std::clamp(count, std::max(spec_.min_instances, 0), std::max(spec_.max_instances, 0));
  desired_ = count;
  int active = static_cast<int>(instances_.size());
  for (; active < count; ++active) {
    add(now);
  }
  // The least useful go first, as in the simulator: not yet started, then starting, then
  // ready; the newest of each first.
  for (InstanceState victim :
       {InstanceState::kProvisioning, InstanceState::kStarting, InstanceState::kReady}) {
    for (std::size_t i = instances_.size(); i-- > 0 && active > count;) {
      if (instances_[i].state == victim) {
        stop(i, now);
        --active;
      }
    }
  }
}

void FluidPool::advance(TimeNs now) {
  for (Instance& in : instances_) {
    if (in.state == InstanceState::kProvisioning && in.start_due <= now) {
      in.state = InstanceState::kStarting;
      in.started_at = in.start_due;
    }
    if (in.state == InstanceState::kStarting && in.ready_due <= now) {
      in.state = InstanceState::kReady;
      in.ready_at = now;
      in.busy_at_ready = busy_integral_;
      ++ready_;
    }
  }
}

double FluidPool::overTargetShare(double rho, double wait_from, double wait_to,
                                  TimeNs target) const {
  if (target != tail_target_ || cpu_ != tail_cpu_) {
    // Service times shrink with more CPU: S > T at cpu c means S1 > c T at cpu 1.
    tail_ = durationTail(spec_.instance.service,
                         static_cast<TimeNs>(static_cast<double>(target) * cpu_));
    tail_target_ = target;
    tail_cpu_ = cpu_;
  }
  const double tail = tail_;
  const double slack = toSeconds(target) - mean_service_s_;
  const int c = spec_.instance.workers;
  double share = 1.0;
  if (rho < 1.0) {
    // The wait of a G/G/c queue (Allen-Cunneen): waits with Erlang C's probability, then for an
    // exponential time whose mean grows with the variability of arrivals and service. Round
    // robin over n instances makes each one's arrivals Erlang-n (squared variation 1/n).
    const double r = std::min(rho, 0.999);
    const double waits = erlangC(c, r * c);
    const double ca2 = 1.0 / std::max(ready_, 1);
    const double mean_wait = mean_service_s_ / (c * (1.0 - r)) * (ca2 + service_cv2_) / 2.0;
    const double wait_tail = slack > 0 ? waits * std::exp(-slack / mean_wait) : waits;
    share = tail + (1.0 - tail) * wait_tail;
  }
  if (wait_from > 0 || wait_to > 0) {
    // Requests served from the queue waited between the two; the part beyond the slack is late.
    const double lo = std::min(wait_from, wait_to);
    const double hi = std::max(wait_from, wait_to);
    double late = 0;
    if (lo >= slack) {
      late = 1.0;
    } else if (hi > slack) {
      late = (hi - slack) / (hi - lo);
    }
    share = std::max(share, late);
  }
  return std::clamp(share, 0.0, 1.0);
}

FluidFlow FluidPool::serve(double primary_rps, double mirror_rps, TimeNs dt,
                           TimeNs latency_target) {
  FluidFlow f;
  const double dt_s = toSeconds(dt);
  f.primary = primary_rps * dt_s;
  f.mirror = mirror_rps * dt_s;
  const double arrivals = f.primary + f.mirror;
  if (ready_ == 0) {
    // No instance to take them: every request is turned away.
    f.primary_failed = f.primary;
    f.mirror_failed = f.mirror;
    backlog_ = 0;
    return f;
  }
  const double rate = ready_ * capacity_;
  const double cap = rate * dt_s;
  const double before = backlog_;
  const double work = before + arrivals;
  const double served = std::min(work, cap);
  double queued = work - served;
  const double queue_room =
      static_cast<double>(ready_) * std::max(spec_.instance.queue_capacity, 0);
  const double rejected = std::max(0.0, queued - queue_room);
  queued -= rejected;
  double timed_out = 0;
  if (spec_.instance.timeout > 0) {
    // Requests that would wait longer than the timeout give up.
    timed_out = std::max(0.0, queued - rate * toSeconds(spec_.instance.timeout));
    queued -= timed_out;
  }
  backlog_ = queued;
  const double rho = cap > 0 ? served / cap : 0.0;
  busy_integral_ += rho * dt_s;
  const double primary_part = arrivals > 0 ? f.primary / arrivals : 0.0;
  const double failed = rejected + timed_out;
  f.primary_failed = failed * primary_part;
  f.mirror_failed = failed - f.primary_failed;
  f.primary_ok = f.primary - f.primary_failed;
  f.mirror_ok = f.mirror - f.mirror_failed;
  const double offered = cap > 0 ? arrivals / cap : 1.0;
  const double share =
      overTargetShare(std::min(offered, 0.999), before / rate, queued / rate, latency_target);
  f.primary_over_target = std::max(0.0, f.primary_ok) * share + timed_out * primary_part;
  return f;
}

void FluidPool::fillView(PoolView& view, TimeNs now, TimeNs window, std::size_t slot) {
  view.enabled = true;
  view.desired = desired_;
  view.cpu_per_instance = cpu_;
  view.provisioning = view.starting = view.ready = view.draining = 0;
  view.instances.clear();
  const TimeNs window_start = now - window;
  double util_sum = 0;
  int util_n = 0;
  for (const Instance& in : instances_) {
    InstanceView v;
    v.id = in.id;
    v.state = in.state;
    v.created_at = in.created_at;
    v.started_at = in.started_at;
    v.ready_at = in.ready_at;
    switch (in.state) {
      case InstanceState::kProvisioning:
        ++view.provisioning;
        break;
      case InstanceState::kStarting:
        ++view.starting;
        break;
      default:
        ++view.ready;
        break;
    }
    if (in.state == InstanceState::kReady) {
      const TimeNs from = std::max(window_start, in.ready_at);
      if (now > from) {
        const double before = in.ready_at >= window_start ? in.busy_at_ready : busy_at_tick_[slot];
        v.utilization = (busy_integral_ - before) / toSeconds(now - from);
        v.has_metrics = true;
        util_sum += v.utilization;
        ++util_n;
      }
    }
    view.instances.push_back(v);
  }
  view.mean_utilization = util_n > 0 ? util_sum / util_n : 0.0;
  view.configured_capacity_rps = capacity_;
  busy_at_tick_[slot] = busy_integral_;
}

void FluidPool::stopAll(TimeNs now) {
  while (!instances_.empty()) {
    stop(instances_.size() - 1, now);
  }
}

}  // namespace shadowscale
