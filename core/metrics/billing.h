#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <unordered_map>

#include "core/instance_model.h"
#include "core/request.h"
#include "core/time.h"

namespace shadowscale {

// From `from` on (until the next segment or the stop) an instance had `cpu` CPUs.
struct CpuSegment {
  TimeNs from = 0;
  double cpu = 1.0;
};

// What one instance's lifetime costs.
struct InstanceBill {
  TimeNs lifetime = 0;          // created -> stopped, unrounded
  TimeNs billed_time = 0;       // lifetime after rounding and the minimum
  double cpu_hours = 0;         // sum of cpu * segment length, unrounded
  double billed_cpu_hours = 0;  // cpu_hours plus the rounded-up time at the last size
  double cost = 0;              // billed_cpu_hours * price_per_cpu_hour
};

// Billed totals of a pool's stopped instances.
struct PoolBill {
  std::uint64_t instances = 0;
  double instance_hours = 0;  // unrounded lifetimes
  double billed_hours = 0;    // rounded lifetimes
  double cpu_hours = 0;
  double billed_cpu_hours = 0;
  double cost = 0;
};

// Unrounded usage accrued from the start of the run, running instances included up to the time
// asked; per-interval cost rows are differences of two of these.
struct Accrual {
  double instance_hours = 0;
  double cpu_hours = 0;
  double cost = 0;  // cpu_hours * price_per_cpu_hour, before any rounding or minimum
};

// The bill of one instance from its CPU segments (the first starts at creation) and its stop
// time. Billed time is the lifetime rounded up to whole seconds and raised to model.minimum
// (per-second billing), or rounded up to whole started hours (per-hour billing, at least one);
// the rounded-up part is charged at the last segment's size. Throws std::invalid_argument for
// no segments, segments out of order, a stop before the last segment, or a CPU size <= 0.
InstanceBill billInstance(const CostModel& model, std::span<const CpuSegment> segments,
                          TimeNs stopped);

// Instance billing of a run, per pool (live, shadow). The shell reports each instance's start,
// every change of its CPU size, and its stop, in time order; billInstance's rules apply at the
// stop. Memory holds one entry per running instance, never per stopped one.
class Billing {
 public:
  // Throws std::invalid_argument for a negative or non-finite price or a negative minimum.
  explicit Billing(const CostModel& model);

  // An instance `id` (unique within its pool while running) was created at `created`.
  void start(PoolId pool, std::uint64_t id, TimeNs created, double cpu);
  // A running instance's CPU size changed at `at` (vertical scaling).
  void resize(PoolId pool, std::uint64_t id, TimeNs at, double cpu);
  // Every running instance of the pool changed to `cpu` at `at`.
  void resizePool(PoolId pool, TimeNs at, double cpu);
  // A running instance stopped: bills it, adds the bill to the pool's totals and returns it.
  InstanceBill stop(PoolId pool, std::uint64_t id, TimeNs stopped);
  // Stops every instance still running (end of the run), in id order.
  void stopAll(TimeNs end);

  // Billed totals of the instances stopped so far.
  const PoolBill& bill(PoolId pool) const { return pools_[index(pool)].bill; }
  // Billed totals of all pools together.
  PoolBill total() const;
  // Unrounded usage from time 0 to `now` (not before the pool's last event).
  Accrual accrued(PoolId pool, TimeNs now) const;
  // Unrounded usage of all pools from time 0 to `now`.
  Accrual accruedTotal(TimeNs now) const;
  // Instances started and not yet stopped.
  int running(PoolId pool) const { return static_cast<int>(pools_[index(pool)].open.size()); }
  // The prices and billing rules in use.
  const CostModel& model() const { return model_; }

 private:
  // A running instance's bill so far.
  struct OpenInstance {
    TimeNs created = 0;
    TimeNs segment_start = 0;
    double cpu = 1.0;
    double cpu_ns = 0;  // cpu * length of the closed segments
  };
  // One pool's running instances, accrual integrals and billed totals.
  struct PoolState {
    std::unordered_map<std::uint64_t, OpenInstance> open;
    double running_cpu = 0;
    TimeNs last = 0;         // time of the last event, where the integrals stop
    double instance_ns = 0;  // integral of the running count
    double cpu_ns = 0;       // integral of the running CPU
    PoolBill bill;
  };

  // Brings the pool's integrals up to `t`.
  PoolState& advance(PoolId pool, TimeNs t, const char* what);
  OpenInstance& find(PoolState& p, PoolId pool, std::uint64_t id, const char* what);

  CostModel model_;
  std::array<PoolState, kPoolCount> pools_;
};

}  // namespace shadowscale
