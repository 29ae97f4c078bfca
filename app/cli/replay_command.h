#pragma once

#include "app/cli/command_line.h"

namespace shadowscale {

// `shadowscale replay CAPTURE --target URL [--speed N] ...`: sends a capture's requests to a
// real HTTP server at their recorded times (docs/live-replay.md).
void addReplayCommand(CommandLine& cli);

}  // namespace shadowscale
