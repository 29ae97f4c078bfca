#pragma once

#include "app/cli/command_line.h"

namespace shadowscale {

// `shadowscale tune SCENARIO [options]`: searches a setup's knobs for the front of cost against
// SLO-violation minutes (docs/tuning.md); with --shard I/N it screens one slice and writes a
// partial result for `shadowscale merge`. Exit 0, 2 (bad input), 1.
void addTuneCommand(CommandLine& cli);

}  // namespace shadowscale
