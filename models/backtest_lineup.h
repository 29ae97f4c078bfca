#pragma once

#include <memory>
#include <vector>

#include "core/forecaster.h"

namespace shadowscale {

// The forecasters a backtest compares (`shadowscale backtest` and the studio's Forecast lab):
// last value, seasonal naive over a day and a week, Holt-Winters with a daily season and, when
// given, `lstm`; each scored as a predictive policy uses it, its quantiles calibrated on recent
// out-of-sample errors (models/conformal.h).
std::vector<std::unique_ptr<Forecaster>> backtestLineup(TimeNs bucket,
                                                        std::unique_ptr<Forecaster> lstm);

}  // namespace shadowscale
