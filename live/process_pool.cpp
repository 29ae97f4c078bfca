#include "live/process_pool.h"

#include <signal.h>

#include <algorithm>
#include <cstdio>

#include "live/child_process.h"
#include "live/readiness_probe.h"

namespace shadowscale::live {
namespace {

// CPU samples are taken this often and kept this long (the longest window a policy looks at).
constexpr TimeNs kSampleEvery = kSecond;
constexpr TimeNs kSamplesKept = 15 * kMinute;
constexpr std::chrono::milliseconds kProbeTimeout{1000};

}  // namespace

ProcessPool::ProcessPool(PoolId id, const PoolSpec& spec, boost::asio::io_context& control,
                         const WallClock& clock)
    : LivePool(id, spec), control_(control), clock_(clock) {
  std::lock_guard lock(mu_);
  desired_ = spec_.initial_instances;
  reconcile(clock_.now());
}

ProcessPool::~ProcessPool() {
  // Never leave instance processes behind, whatever happened.
  std::lock_guard lock(mu_);
  for (const auto& in : instances_) {
    if (in->pid > 0 && !reapChild(in->pid)) {
      signalChild(in->pid, SIGKILL);
      reapChild(in->pid);
    }
  }
}

void ProcessPool::setDesired(int n, TimeNs now) {
  std::lock_guard lock(mu_);
  if (stopping_) {
    return;
  }
  desired_ = std::clamp(n, spec_.min_instances, spec_.max_instances);
  reconcile(now);
}

void ProcessPool::spawn(TimeNs now) {
  auto in = std::make_shared<LiveInstance>();
  in->id = next_id_++;
  in->key = instanceKey(in->id);
  const std::string& host = spec_.process->host;
  const int port = pickFreePort(host);
  in->endpoint = {boost::asio::ip::make_address(host), static_cast<unsigned short>(port)};
  in->address = host + ":" + std::to_string(port);
  in->created_at = now;
  try {
    in->pid = spawnShellCommand(withPort(spec_.process->command, port));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "shadowscale proxy: %s pool: %s\n", poolName(id_), e.what());
    ++failures_;
    return;
  }
  in->started_at = now;
  in->state = InstanceState::kStarting;
  instances_.push_back(std::move(in));
}

void ProcessPool::startDraining(LiveInstance& in, TimeNs now) {
  in.state = InstanceState::kDraining;
  in.drain_since = now;
}

void ProcessPool::reconcile(TimeNs now) {
  int active = 0;
  for (const auto& in : instances_) {
    const InstanceState st = in->state.load();
    active += st == InstanceState::kStarting || st == InstanceState::kReady;
  }
  for (; active < desired_; ++active) {
    spawn(now);
  }
  // Scale in: instances not serving yet go first, then the ready ones with the fewest requests
  // in flight; the newest first among equals.
  while (active > desired_) {
    LiveInstance* pick = nullptr;
    for (auto it = instances_.rbegin(); it != instances_.rend(); ++it) {
      LiveInstance& in = **it;
      const InstanceState st = in.state.load();
      if (st != InstanceState::kStarting && st != InstanceState::kReady) {
        continue;
      }
      if (pick == nullptr || (pick->serving() && !in.serving()) ||
          (pick->serving() == in.serving() && in.in_flight < pick->in_flight)) {
        pick = &in;
      }
    }
    if (pick == nullptr) {
      break;
    }
    startDraining(*pick, now);
    --active;
  }
  refreshReady();
}

void ProcessPool::checkStarting(const std::shared_ptr<LiveInstance>& in, TimeNs now) {
  if (reapChild(in->pid)) {
    std::fprintf(stderr, "shadowscale proxy: %s pool: instance %s exited before it was ready\n",
                 poolName(id_), in->address.c_str());
    in->pid = -1;
    in->state = InstanceState::kStopped;
    ++failures_;
    return;
  }
  // Start-up, drain and stop limits are real time: a process starts as fast at any --speed.
  if (realSpan(now - in->started_at) > spec_.process->ready_timeout) {
    std::fprintf(stderr,
                 "shadowscale proxy: %s pool: instance %s not ready after %.1f s; stopped\n",
                 poolName(id_), in->address.c_str(), toSeconds(spec_.process->ready_timeout));
    ++failures_;
    startDraining(*in, now);
    return;
  }
  if (in->probing) {
    return;
  }
  in->probing = true;
  std::weak_ptr<LiveInstance> weak = in;
  probeReadiness(control_, in->endpoint, spec_.process->ready_path, kProbeTimeout,
                 [this, weak](bool ok) {
                   auto in = weak.lock();
                   if (!in) {
                     return;
                   }
                   std::lock_guard lock(mu_);
                   in->probing = false;
                   if (ok && in->state == InstanceState::kStarting) {
                     in->state = InstanceState::kReady;
                     in->ready_at = clock_.now();
                     refreshReady();
                   }
                 });
}

void ProcessPool::progressDraining(LiveInstance& in, TimeNs now) {
  if (in.pid < 0 || reapChild(in.pid)) {
    in.pid = -1;
    in.state = InstanceState::kStopped;
    return;
  }
  const bool idle = in.in_flight.load() == 0;
  if (in.stop_sent_at < 0 &&
      (idle || realSpan(now - in.drain_since) >= spec_.instance.drain_timeout)) {
    signalChild(in.pid, SIGTERM);
    in.stop_sent_at = now;
  } else if (in.stop_sent_at >= 0 &&
             realSpan(now - in.stop_sent_at) >= spec_.process->stop_timeout) {
    signalChild(in.pid, SIGKILL);
  }
}

void ProcessPool::sampleUsage(LiveInstance& in, TimeNs now) {
  if (!in.cpu_samples.empty() && now - in.cpu_samples.back().first < kSampleEvery) {
    return;
  }
  if (const auto usage = readProcessUsage(in.pid)) {
    in.cpu_samples.emplace_back(now, usage->cpu_seconds);
    in.rss_bytes = usage->rss_bytes;
    while (in.cpu_samples.size() > 2 && now - in.cpu_samples.front().first > kSamplesKept) {
      in.cpu_samples.pop_front();
    }
  }
}

void ProcessPool::tick(TimeNs now) {
  std::lock_guard lock(mu_);
  for (const auto& in : instances_) {
    switch (in->state.load()) {
      case InstanceState::kStarting:
        checkStarting(in, now);
        break;
      case InstanceState::kReady:
        if (reapChild(in->pid)) {
          std::fprintf(stderr, "shadowscale proxy: %s pool: instance %s exited\n", poolName(id_),
                       in->address.c_str());
          in->pid = -1;
          in->state = InstanceState::kStopped;
          ++failures_;
        } else {
          sampleUsage(*in, now);
        }
        break;
      case InstanceState::kDraining:
        progressDraining(*in, now);
        break;
      default:
        break;
    }
  }
  std::erase_if(instances_, [](const auto& in) { return in->state == InstanceState::kStopped; });
  if (!stopping_) {
    reconcile(now);
  } else {
    refreshReady();
  }
}

void ProcessPool::stopAll() {
  std::lock_guard lock(mu_);
  stopping_ = true;
  desired_ = 0;
  const TimeNs now = clock_.now();
  for (const auto& in : instances_) {
    if (in->state != InstanceState::kDraining) {
      startDraining(*in, now);
    }
  }
  refreshReady();
}

bool ProcessPool::stopped() const {
  std::lock_guard lock(mu_);
  return stopping_ && instances_.empty();
}

}  // namespace shadowscale::live
