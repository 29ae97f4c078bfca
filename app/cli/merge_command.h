#pragma once

#include "app/cli/command_line.h"

namespace shadowscale {

// `shadowscale merge SHARD... [--out DIR]`: joins the partial results of `tune --shard` runs
// and finishes the search; the outputs are byte-identical to an unsharded run. Exit 0, 2, 1.
void addMergeCommand(CommandLine& cli);

}  // namespace shadowscale
