#pragma once

#include "core/time.h"

namespace shadowscale {

// Demand in instances (docs/metrics.md): the fewest instances that carry `rate` requests/s when
// each is loaded to `utilization_at_slo` of the `capacity_per_instance` requests/s it serves with
// every worker busy; 0 when the capacity is unknown. The simulator and real runs both use it.
int demandInstances(double rate, double capacity_per_instance, double utilization_at_slo);

// The SPEC Research Group elasticity metrics (Herbst et al., ACM TOMPECS 2018) over a run,
// in percent, from demand d (fewest instances that meet the SLO) and supply s (ready
// instances) held over successive intervals dt:
//   thetaU = 100 / T_d * sum(max(d - s, 0) / d * dt)   under-provisioning accuracy
//   thetaO = 100 / T_d * sum(max(s - d, 0) / d * dt)   over-provisioning accuracy
//   tauU   = 100 / T   * sum(dt where s < d)           under-provisioning timeshare
//   tauO   = 100 / T   * sum(dt where s > d)           over-provisioning timeshare
// T is all time fed; T_d is the time with d > 0. Intervals with d = 0 are skipped in theta (the
// ratio has no denominator there) but count in tau, where s > 0 = d is over-provisioning.
class ElasticityTracker {
 public:
  // One interval of length dt during which demand and supply held. Throws
  // std::invalid_argument for a negative dt, or a negative or non-finite count.
  void add(TimeNs dt, double demand, double supply);

  // The four metrics, in percent (0 before anything is fed).
  double thetaU() const;
  double thetaO() const;
  double tauU() const;
  double tauO() const;

  // All time fed (T) and the part with d > 0 (T_d).
  TimeNs totalTime() const { return total_; }
  TimeNs demandTime() const { return demand_time_; }

 private:
  TimeNs total_ = 0;
  TimeNs demand_time_ = 0;
  TimeNs under_time_ = 0;
  TimeNs over_time_ = 0;
  double under_ = 0;  // sum of max(d - s, 0) / d * dt, in ns
  double over_ = 0;   // sum of max(s - d, 0) / d * dt, in ns
};

}  // namespace shadowscale
