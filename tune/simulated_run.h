#pragma once

#include <vector>

#include "scenarios/scenario.h"
#include "tune/fluid_run.h"

namespace shadowscale {

// Runs one setup through the discrete-event simulator (SetupRun) over the scenario's whole
// traffic and returns the metrics of each window, judged as runFluid judges them: violation
// minutes from the run's own SLO slices, instance-hours accrued inside the window. Windows must
// start and end on the scenario's interval.
std::vector<WindowMetrics> runSimulated(const Scenario& scenario, const SetupSpec& setup,
                                        const std::vector<JudgedWindow>& windows);

}  // namespace shadowscale
