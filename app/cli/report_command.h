#pragma once

namespace shadowscale {

// `shadowscale report DIR [--out FILE] [--slo-ms N]`: rebuilds report.html from a finished
// run's folder (its intervals.csv and, if present, summary.json). argv[0] is "report".
// Exit 0, 2 (bad arguments, a missing or malformed input file, named in the message), 1.
int runReportCommand(int argc, char** argv);

}  // namespace shadowscale
