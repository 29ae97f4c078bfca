#include "live/live_pool.h"

#include <algorithm>
#include <limits>

namespace shadowscale::live {

LivePool::LivePool(PoolId id, PoolSpec spec) : id_(id), spec_(std::move(spec)) {}

std::shared_ptr<LiveInstance> LivePool::acquire(std::optional<TimeNs> now) {
  std::lock_guard lock(mu_);
  const std::size_t n = ready_.size();
  if (n == 0) {
    return nullptr;
  }
  // Start the scan at a rotating place so equally loaded instances take turns.
  const std::size_t start = static_cast<std::size_t>(next_pick_++ % n);
  LiveInstance* best = nullptr;
  std::size_t best_i = 0;
  int best_load = std::numeric_limits<int>::max();
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = (start + k) % n;
    if (now && ready_[i]->refused_until.load(std::memory_order_relaxed) > *now) {
      continue;
    }
    const int load = ready_[i]->in_flight.load(std::memory_order_relaxed);
    if (load < best_load) {
      best = ready_[i].get();
      best_i = i;
      best_load = load;
    }
  }
  if (best == nullptr) {
    return nullptr;
  }
  best->in_flight.fetch_add(1, std::memory_order_acq_rel);
  return ready_[best_i];
}

void LivePool::refreshReady() {
  ready_.clear();
  for (const auto& in : instances_) {
    if (in->serving()) {
      ready_.push_back(in);
    }
  }
  ready_count_.store(static_cast<int>(ready_.size()), std::memory_order_relaxed);
}

double LivePool::utilization(const LiveInstance& in, TimeNs now, TimeNs window) const {
  if (in.cpu_samples.size() < 2 || window <= 0) {
    return -1;
  }
  // The sample nearest the window's start, but not older than the instance's readiness.
  const TimeNs from = std::max(now - window, in.ready_at);
  auto it = std::lower_bound(in.cpu_samples.begin(), in.cpu_samples.end(), from,
                             [](const auto& s, TimeNs t) { return s.first < t; });
  if (it == in.cpu_samples.end()) {
    return -1;
  }
  const auto& last = in.cpu_samples.back();
  const TimeNs span = last.first - it->first;
  if (span <= 0) {
    return -1;
  }
  return (last.second - it->second) / (toSeconds(span) * spec_.cpu_per_instance);
}

void LivePool::fillView(PoolView& view, TimeNs now, TimeNs window) const {
  std::lock_guard lock(mu_);
  view.enabled = true;
  view.desired = desired_;
  view.cpu_per_instance = spec_.cpu_per_instance;
  view.provisioning = view.starting = view.ready = view.draining = 0;
  view.instances.clear();
  double util_sum = 0;
  int util_n = 0;
  for (const auto& in : instances_) {
    const InstanceState st = in->state.load();
    if (st == InstanceState::kStarting) {
      ++view.starting;
    } else if (st == InstanceState::kReady) {
      ++view.ready;
    } else if (st == InstanceState::kDraining) {
      ++view.draining;
    }
    if (st == InstanceState::kDraining || st == InstanceState::kStopped) {
      continue;
    }
    InstanceView v;
    v.id = in->id;
    v.state = st;
    v.created_at = in->created_at;
    v.started_at = in->started_at;
    v.ready_at = in->ready_at;
    if (st == InstanceState::kReady) {
      const double u = utilization(*in, now, window);
      if (u >= 0) {
        v.has_metrics = true;
        v.utilization = u;
        util_sum += u;
        ++util_n;
      }
    }
    view.instances.push_back(v);
  }
  view.mean_utilization = util_n > 0 ? util_sum / util_n : 0.0;
  view.configured_capacity_rps = configuredCapacityRps();
}

double LivePool::configuredCapacityRps() const {
  const double mean_s = toSeconds(spec_.instance.service.mean) / spec_.cpu_per_instance;
  return mean_s > 0 ? spec_.instance.workers / mean_s : 0.0;
}

std::array<int, 4> LivePool::stateCounts() const {
  std::lock_guard lock(mu_);
  std::array<int, 4> c{};
  for (const auto& in : instances_) {
    const auto st = static_cast<int>(in->state.load());
    if (st < 4) {
      ++c[static_cast<std::size_t>(st)];
    }
  }
  return c;
}

std::vector<InstanceReport> LivePool::report() const {
  std::lock_guard lock(mu_);
  std::vector<InstanceReport> out;
  for (const auto& in : instances_) {
    InstanceReport r;
    r.id = in->id;
    r.address = in->address;
    r.state = in->state.load();
    r.in_flight = in->in_flight.load();
    r.cpu_seconds = in->cpu_samples.empty() ? 0.0 : in->cpu_samples.back().second;
    r.rss_bytes = in->rss_bytes;
    if (in->ready_at >= 0 && in->started_at >= 0) {
      r.startup_seconds = toSeconds(in->ready_at - in->started_at);
    }
    out.push_back(std::move(r));
  }
  return out;
}

int LivePool::desired() const {
  std::lock_guard lock(mu_);
  return desired_;
}

std::uint64_t LivePool::failures() const {
  std::lock_guard lock(mu_);
  return failures_;
}

}  // namespace shadowscale::live
