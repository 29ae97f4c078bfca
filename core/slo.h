#pragma once

#include "core/time.h"

namespace shadowscale {

// The service level objective a run is judged by.
struct SloSpec {
  TimeNs latency_target = 300 * kMillisecond;  // at `percentile`
  double percentile = 0.99;
  double error_budget = 0.001;  // allowed share of failed requests
  // Utilization at which one instance is taken to still meet the SLO; defines demand in
  // instances for the elasticity metrics and scaling lag (docs/metrics.md).
  double utilization_at_slo = 0.8;
};

}  // namespace shadowscale
