#pragma once

#include <memory>
#include <vector>

#include "core/forecaster.h"

namespace shadowscale {

// The forecasters a backtest compares (`shadowscale backtest` and the studio's Forecast lab):
// last value, seasonal naive over a day and a week, Holt-Winters with a daily season, `auto`
// and, when given, `lstm` and then `auto-lstm` (auto with `lstm_member`, a second untrained LSTM,
// among its members: a caller gives it its own progress callback); each scored as a predictive
// policy uses it, its quantiles calibrated on recent out-of-sample errors (models/conformal.h).
std::vector<std::unique_ptr<Forecaster>> backtestLineup(
    TimeNs bucket, std::unique_ptr<Forecaster> lstm,
    std::unique_ptr<Forecaster> lstm_member = nullptr);

}  // namespace shadowscale
