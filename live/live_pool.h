#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/instance_model.h"
#include "core/policy.h"
#include "core/request.h"
#include "live/live_instance.h"

namespace shadowscale::live {

// What the metrics endpoint shows of one instance.
struct InstanceReport {
  std::uint64_t id = 0;
  std::string address;
  InstanceState state = InstanceState::kStarting;
  int in_flight = 0;
  double cpu_seconds = 0;
  std::uint64_t rss_bytes = 0;
  double startup_seconds = -1;  // spawn to ready; -1 when not (yet) ready
};

// A pool of real instances, shared by the I/O threads (which pick instances for requests) and
// the control thread (which applies the policies' decisions and runs the lifecycle).
class LivePool {
 public:
  LivePool(PoolId id, PoolSpec spec);
  virtual ~LivePool() = default;
  LivePool(const LivePool&) = delete;
  LivePool& operator=(const LivePool&) = delete;

  // Picks a ready instance for one request (fewest requests in flight, ties taken in turn) and
  // counts the request in flight; null when no instance is ready. Draining instances get none.
  // With `now` given, instances that refused a connection recently (refused_until > now) are
  // passed by too (mirror copies).
  std::shared_ptr<LiveInstance> acquire(std::optional<TimeNs> now = std::nullopt);
  // Ends a request counted by acquire().
  static void release(LiveInstance& instance) {
    instance.in_flight.fetch_sub(1, std::memory_order_acq_rel);
  }
  bool hasReady() const { return ready_count_.load(std::memory_order_relaxed) > 0; }
  int readyCount() const { return ready_count_.load(std::memory_order_relaxed); }

  // Asks for `n` instances (clamped to the pool's bounds).
  virtual void setDesired(int n, TimeNs now) = 0;
  // Runs the lifecycle at run time `now` (starts, readiness, draining, stopping); control thread.
  virtual void tick(TimeNs now) = 0;
  // Stops every instance (waiting at most the stop timeout); control thread, at shutdown.
  virtual void stopAll() = 0;
  // Whether the pool has stopped all its instances after stopAll().
  virtual bool stopped() const = 0;

  // Fills the policy's view of the pool (states, instances, utilization over `window`); the
  // caller adds the traffic rates.
  void fillView(PoolView& view, TimeNs now, TimeNs window) const;
  // Instances by state: provisioning, starting, ready, draining (as SimPool counts them).
  std::array<int, 4> stateCounts() const;
  std::vector<InstanceReport> report() const;
  int desired() const;
  // Requests/s one instance serves with every worker busy, from the configured instance model
  // (the same estimate the simulator gives its policies).
  double configuredCapacityRps() const;
  // Instances that failed: exited unexpectedly or never became ready.
  std::uint64_t failures() const;

  PoolId id() const { return id_; }
  const PoolSpec& spec() const { return spec_; }

 protected:
  std::uint64_t instanceKey(std::uint64_t id) const {
    return (static_cast<std::uint64_t>(index(id_)) << 56) | id;
  }
  // Rebuilds the list acquire() picks from; call with mu_ held after any state change.
  void refreshReady();
  // CPU utilization of an instance over [now - window, now], from its samples; -1 if unknown.
  double utilization(const LiveInstance& in, TimeNs now, TimeNs window) const;

  const PoolId id_;
  const PoolSpec spec_;
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<LiveInstance>> instances_;  // every instance not yet stopped
  std::vector<std::shared_ptr<LiveInstance>> ready_;
  std::atomic<int> ready_count_{0};
  std::uint64_t next_pick_ = 0;
  std::uint64_t next_id_ = 1;
  int desired_ = 0;
  std::uint64_t failures_ = 0;
};

}  // namespace shadowscale::live
