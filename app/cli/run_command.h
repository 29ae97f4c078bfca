#pragma once

#include "app/cli/command_line.h"

namespace shadowscale {

// `shadowscale run SCENARIO [--out DIR] [--seed N] [--threads N] [--quiet]`: runs every setup
// of a scenario on the same traffic; exit 0, 99 (a threshold crossed), 2 (bad input), 1.
void addRunCommand(CommandLine& cli);

}  // namespace shadowscale
