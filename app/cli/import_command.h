#pragma once

#include "app/cli/command_line.h"

namespace shadowscale {

// `shadowscale import --format clf|combined|nginx|counts|gor [options] INPUT -o OUT.capture`:
// converts an access log, count series or GoReplay file to the capture format; with
// `--inspect FILE` it describes a capture instead. Exit 0, 2 (bad arguments or input, including
// too many bad lines), 1 (other failure).
void addImportCommand(CommandLine& cli);

}  // namespace shadowscale
