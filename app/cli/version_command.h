#pragma once

#include "app/cli/command_line.h"

namespace shadowscale {

// `shadowscale version` (and `shadowscale --version`): prints the build's version.
void addVersionCommand(CommandLine& cli);

}  // namespace shadowscale
