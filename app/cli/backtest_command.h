#pragma once

#include "app/cli/command_line.h"

namespace shadowscale {

// `shadowscale backtest --series FILE.csv ...`: runs the forecasting evaluation protocol
// (baselines and the LSTM side by side), prints the table and optionally writes it as JSON.
void addBacktestCommand(CommandLine& cli);

}  // namespace shadowscale
