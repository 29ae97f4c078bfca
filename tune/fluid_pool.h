#pragma once

#include <cstdint>
#include <vector>

#include "core/instance_model.h"
#include "core/metrics/billing.h"
#include "core/policy.h"
#include "core/rng.h"
#include "core/sampling.h"
#include "core/time.h"

namespace shadowscale {

// What one pool did with the traffic of one step, in expected request counts.
struct FluidFlow {
  double primary = 0, primary_ok = 0, primary_failed = 0;
  double primary_over_target = 0;  // finished above the SLO's latency target (timeouts included)
  double mirror = 0, mirror_ok = 0, mirror_failed = 0;
};

// A pool of instances as a rate-based (fluid) model, for screening many setups fast: the same
// lifecycle as the simulator's pools (provisioning and start-up delays drawn from the instance
// model, scale-in removing the least useful instance first, billing from creation to stop), but
// requests as flows: each step the ready instances serve up to their capacity, the excess queues
// (bounded by the instances' queues and the timeout), and the share of requests above the latency
// target comes from the G/G/c waiting-time tail of each instance plus the queue's wait.
class FluidPool {
 public:
  // `slots` is the number of policies that will read views of the pool.
  FluidPool(PoolId id, const PoolSpec& spec, Rng rng, Billing& billing, std::size_t slots);

  void startReady(int count, TimeNs now);
  // Clamps to the pool's bounds, adds provisioning instances or removes the least useful ones.
  void setDesired(int count, TimeNs now);
  // Moves instances whose provisioning or start-up ended by `now` on to their next state.
  void advance(TimeNs now);
  // Serves `primary` and `mirror` requests/s for `dt`; `latency_target` judges the latency.
  FluidFlow serve(double primary_rps, double mirror_rps, TimeNs dt, TimeNs latency_target);
  // A policy's view at `now` of the window since its last tick; marks the tick for `slot`.
  void fillView(PoolView& view, TimeNs now, TimeNs window, std::size_t slot);
  void stopAll(TimeNs now);
  // Vertical scaling: every instance gets `cpu` CPUs from `now` on.
  void setCpu(double cpu, TimeNs now);

  int ready() const { return ready_; }
  bool hasReady() const { return ready_ > 0; }
  // Requests/s one instance serves with every worker busy.
  double capacityPerInstance() const { return capacity_; }

 private:
  struct Instance {
    std::uint64_t id = 0;
    InstanceState state = InstanceState::kProvisioning;
    TimeNs created_at = 0, started_at = -1, ready_at = -1;
    TimeNs start_due = 0, ready_due = 0;
    double busy_at_ready = 0;  // the pool's utilization integral when it became ready
  };

  void add(TimeNs now);
  void stop(std::size_t i, TimeNs now);
  // Share of the requests of one step with a latency above `target` when the ready instances
  // run at utilization `rho` and the queue's wait moves from `wait_from` to `wait_to` seconds.
  double overTargetShare(double rho, double wait_from, double wait_to, TimeNs target) const;

  PoolId id_;
  PoolSpec spec_;
  Rng rng_;
  Billing& billing_;
  DurationSampler provisioning_, startup_;
  std::vector<Instance> instances_;  // not stopped, in creation order
  std::uint64_t next_id_ = 1;
  int desired_ = 0;
  int ready_ = 0;
  double cpu_ = 1.0;
  double capacity_ = 0;  // per instance, requests/s
  double mean_service_s_ = 0;
  double service_cv2_ = 1.0;
  // P(service > latency target), cached for the target and CPU it was computed for.
  mutable double tail_ = 0;
  mutable TimeNs tail_target_ = -1;
  mutable double tail_cpu_ = 0;       // squared coefficient of variation of the service time
  double backlog_ = 0;                // queued requests across the pool
  double busy_integral_ = 0;          // integral of the ready instances' utilization over time (s)
  std::vector<double> busy_at_tick_;  // busy_integral_ at each slot's last view
};

// Erlang C: the probability that an arrival waits in an M/M/c queue with `c` servers and offered
// load `a` (in servers; a < c).
double erlangC(int c, double a);

// The squared coefficient of variation of a duration distribution (1 for an exponential).
double squaredVariation(const DurationDistribution& d);

// P(S > t) for a service time distribution (log-normal by mean and p99, exponential, constant).
double durationTail(const DurationDistribution& d, TimeNs t);

}  // namespace shadowscale
