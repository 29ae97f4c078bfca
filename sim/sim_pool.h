#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "core/instance_model.h"
#include "core/metrics/billing.h"
#include "core/policy.h"
#include "core/request.h"
#include "core/rng.h"
#include "core/sampling.h"
#include "core/time.h"
#include "sim/db_pool.h"
#include "sim/event_queue.h"

namespace shadowscale {

// What happened to one request a pool was given.
struct ServiceResult {
  Outcome outcome = Outcome::kOk;
  TimeNs latency = 0;  // from arrival to response (or to the timeout)
  TimeNs wait = 0;     // time queued before service began
};

// One simulated instance: its lifecycle and its workers' schedule.
struct SimInstance {
  std::uint64_t id = 0;
  InstanceState state = InstanceState::kProvisioning;
  TimeNs created_at = 0, started_at = -1, ready_at = -1, draining_at = -1, stopped_at = -1;
  double cpu = 1.0;
  EventQueue::EventId pending_event = 0;  // the next lifecycle event, cancellable
  bool has_pending_event = false;
  // One allocation for the hot per-request state, so a request touches few cache lines:
  // [0, workers) is a min-heap of when each worker is next free; [workers, workers + queue
  // capacity) is a ring of the service start times of waiting requests.
  std::vector<TimeNs> slots;
  std::uint32_t workers = 1;
  std::uint32_t queue_capacity = 0;
  std::uint32_t queue_head = 0, queue_size = 0;
  TimeNs occupied_total = 0;  // worker time assigned so far (ns), incl. the future part

  std::span<TimeNs> workerFree() { return {slots.data(), workers}; }
  std::span<const TimeNs> workerFree() const { return {slots.data(), workers}; }
  TimeNs* queue() { return slots.data() + workers; }
  // Worker time occupied up to `t` (exact for t >= the latest arrival handled).
  TimeNs occupiedUpTo(TimeNs t) const {
    TimeNs future = 0;
    for (TimeNs f : workerFree()) {
      future += f > t ? f - t : 0;
    }
    return occupied_total - future;
  }
  TimeNs lastFree() const {
    TimeNs m = 0;
    for (TimeNs f : workerFree()) {
      m = f > m ? f : m;
    }
    return m;
  }
};

// A simulated pool of instances. Each instance goes provisioning -> starting -> ready ->
// draining -> stopped; a ready instance serves with a number of workers, a service time that
// scales with its CPU, a bounded queue and a request timeout, first come first served. Requests
// are resolved when they arrive: with FCFS workers the start and end of each request are known
// at once (earliest-free worker, then the shared database connection), so no completion events
// are needed and a request costs a few nanoseconds.
class SimPool {
 public:
  // Instances are billed to `billing` from creation to stop.
  SimPool(PoolId id, const PoolSpec& spec, Rng rng, EventQueue& events, DbPool& db,
          Billing& billing);
  SimPool(const SimPool&) = delete;
  SimPool& operator=(const SimPool&) = delete;

  // Starts `count` instances already ready at `now` (the pool's state when the run begins).
  void startReady(int count, TimeNs now);

  // Serves one request arriving at `now` on the next ready instance (round robin).
  ServiceResult dispatch(const Request& r, TimeNs now) {
    if (ready_.empty()) {
      return {Outcome::kRejected, 0, 0};
    }
    if (rr_ >= ready_.size()) {
      rr_ = 0;
    }
    SimInstance& in = *ready_[rr_++];
    // Drop waiting requests that have started by now.
    TimeNs* queue = in.queue();
    while (in.queue_size > 0 && queue[in.queue_head] <= now) {
      in.queue_head = in.queue_head + 1 == in.queue_capacity ? 0 : in.queue_head + 1;
      --in.queue_size;
    }
    // The worker heap's top is the earliest-free worker.
    const TimeNs free = in.slots[0];
    TimeNs hold = free > now ? free : now;
    TimeNs start = hold;
    if (db_.limited()) {
      const TimeNs conn = db_.earliestFree();
      start = conn > start ? conn : start;
    }
    if (start > now) {
      if (in.queue_size >= in.queue_capacity) {
        return {Outcome::kRejected, 0, 0};
      }
      if (start - now >= timeout_) {
        // The client gives up while still queued; the request never takes a worker.
        return {Outcome::kTimedOut, timeout_, timeout_};
      }
    }
    const TimeNs service = serviceTime(r.route, in.cpu);
    const TimeNs end = start + service;
    in.occupied_total += end - hold;
    replaceEarliestWorker(in.slots.data(), in.workers, end);
    if (db_.limited()) {
      db_.hold(end);
    }
    if (start > now) {
      std::uint32_t tail = in.queue_head + in.queue_size;
      if (tail >= in.queue_capacity) {
        tail -= in.queue_capacity;
      }
      queue[tail] = start;
      ++in.queue_size;
    }
    const TimeNs latency = end - now;
    if (latency > timeout_) {
      return {Outcome::kTimedOut, timeout_, start - now};
    }
    return {Outcome::kOk, latency, start - now};
  }

  bool hasReady() const { return !ready_.empty(); }
  int readyCount() const { return static_cast<int>(ready_.size()); }
  int desired() const { return desired_; }
  double cpu() const { return cpu_; }
  PoolId id() const { return id_; }
  const PoolSpec& spec() const { return spec_; }

  // Scales to `count` instances (clamped to the pool's min and max): adds provisioning
  // instances, or drains the least useful ones (not yet ready first, then the newest).
  void setDesired(int count, TimeNs now);
  // Changes every instance's CPU allocation (vertical scaling); new requests see the new speed.
  void setCpu(double cpu, TimeNs now);

  // Counts of instances by state (provisioning, starting, ready, draining).
  std::array<int, 4> stateCounts() const;
  // Fills a policy's view of the pool. `occupied_before` maps instance ids to their occupied
  // worker time at the start of the window (the caller keeps one per policy).
  void fillView(PoolView& view, TimeNs now, TimeNs window,
                const std::function<TimeNs(std::uint64_t)>& occupied_before) const;
  // Visits every instance that is not stopped.
  template <typename F>
  void forEachInstance(F&& f) const {
    for (const auto& in : instances_) {
      f(*in);
    }
  }
  // Stops every instance at `now` (end of the run) so each is billed.
  void stopAll(TimeNs now);
  // Mean service time of one request at the current CPU (for capacity estimates).
  TimeNs meanServiceTime() const;
  // Requests per second one instance serves at full occupancy at the current CPU.
  double capacityPerInstance() const;

 private:
  // Replaces the top of the min-heap `heap` with `v` (>= the old top) and restores the heap.
  static void replaceEarliestWorker(TimeNs* heap, std::size_t n, TimeNs v) {
    std::size_t i = 0;
    while (true) {
      const std::size_t l = 2 * i + 1;
      if (l >= n) {
        break;
      }
      const std::size_t r = l + 1;
      const std::size_t c = (r < n && heap[r] < heap[l]) ? r : l;
      if (heap[c] >= v) {
        break;
      }
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = v;
  }
  // How long one request of `route` takes at `cpu`.
  TimeNs serviceTime(std::uint32_t route, double cpu) {
    double t = static_cast<double>(services_[route < services_.size() ? route : 0].sample(rng_));
    if (cpu != 1.0) {
      t /= cpu;
    }
    return t >= 1.0 ? static_cast<TimeNs>(t) : 1;
  }
  SimInstance& addInstance(TimeNs now);
  void becomeStarting(SimInstance& in, TimeNs now);
  void becomeReady(SimInstance& in, TimeNs now);
  void beginDrain(SimInstance& in, TimeNs now);
  void stop(SimInstance& in, TimeNs now);
  void rebuildReady();
  void eraseStopped();

  PoolId id_;
  PoolSpec spec_;
  Rng rng_;
  Rng lifecycle_rng_;
  EventQueue& events_;
  DbPool& db_;
  TimeNs timeout_;
  std::vector<DurationSampler> services_;  // [0] = the default route, [r] = spec routes[r - 1]
  DurationSampler provisioning_, startup_;
  std::vector<std::unique_ptr<SimInstance>> instances_;  // not stopped, in creation order
  std::vector<SimInstance*> ready_;
  std::size_t rr_ = 0;
  int desired_ = 0;
  double cpu_ = 1.0;
  std::uint64_t next_id_ = 1;
  Billing& billing_;
};

}  // namespace shadowscale
