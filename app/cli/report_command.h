#pragma once

#include "app/cli/command_line.h"

namespace shadowscale {

// `shadowscale report DIR [--out FILE] [--slo-ms N] [--columns N]`: rebuilds report.html from a
// finished run's folder (its intervals.csv and, if present, summary.json). Exit 0, 2 (bad
// arguments, a missing or malformed input file, named in the message), 1.
void addReportCommand(CommandLine& cli);

}  // namespace shadowscale
