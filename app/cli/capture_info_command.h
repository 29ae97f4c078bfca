#pragma once

#include <string>

#include "app/cli/command_line.h"

namespace shadowscale {

// `shadowscale capture-info FILE`: prints a capture's header, record count, time range, routes
// and any torn tail. Exit 0, 2 (not a capture or damaged), 1.
void addCaptureInfoCommand(CommandLine& cli);

// Prints the description of the capture at `path` on stdout (what capture-info shows); throws
// InputError when it is not a capture or is damaged.
void describeCapture(const std::string& path);

}  // namespace shadowscale
