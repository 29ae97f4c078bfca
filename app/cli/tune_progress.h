#pragma once

#include <string>

#include "tune/tuner.h"

namespace shadowscale {

// Progress of a search on stderr: a line redrawn in place on a terminal, a line per stage
// otherwise; nothing when `quiet`.
TuneExecution tuneExecution(unsigned threads, bool quiet);

// The search's end on stdout and the output folder's files, shared by tune and merge.
void finishTune(const TuneContext& ctx, const TuneOptions& options,
                const std::vector<Screened>& screened, const TuneExecution& exec,
                const std::string& out_dir, bool quiet);

}  // namespace shadowscale
