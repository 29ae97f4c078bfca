#pragma once

#include <vector>

#include "core/time.h"
#include "scenarios/scenario.h"
#include "tune/demand_series.h"

namespace shadowscale {

// A stretch of run time results are judged over, [from, to).
struct JudgedWindow {
  TimeNs from = 0;
  TimeNs to = 0;
};

// What a setup did in one judged window: the two objectives of a search and the counts behind
// them.
struct WindowMetrics {
  double instance_hours = 0;     // accrued from `from` to `to`, both pools
  double violation_minutes = 0;  // one-minute slices inside the window that broke the SLO
  double requests = 0;           // primary requests that arrived in the window
  double failed = 0;
};

// Runs one setup through the fluid model from time 0 to `end` on `demand`, with the setup's own
// scaling policies (the same code as the simulator's: they see Observations computed from the
// fluid pools), and returns the metrics of each window. The database pool is not modelled.
// Throws InputError for a setup the policies refuse.
std::vector<WindowMetrics> runFluid(const Scenario& scenario, const SetupSpec& setup,
                                    const DemandSeries& demand, TimeNs end,
                                    const std::vector<JudgedWindow>& windows);

}  // namespace shadowscale
