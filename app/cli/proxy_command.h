#pragma once

#include "app/cli/command_line.h"

namespace shadowscale {

// `shadowscale proxy CONFIG [--check]`: runs the live proxy a configuration file describes
// (docs/live-proxy.md) until SIGTERM or SIGINT, then drains and exits 0. Exit 2 for a bad
// configuration or an address it cannot listen on, 1 when the capture cannot be written.
void addProxyCommand(CommandLine& cli);

}  // namespace shadowscale
