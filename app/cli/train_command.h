#pragma once

#include "app/cli/command_line.h"

namespace shadowscale {

// `shadowscale train --series FILE.csv ...`: trains the LSTM forecaster on a count CSV and saves
// it. Exit 0, 2 (bad input), 1 (other failure).
void addTrainCommand(CommandLine& cli);

}  // namespace shadowscale
