#pragma once

#include <string>

#include "replay/import_options.h"

namespace shadowscale {

// Converts `input` ("-" = standard input) in options.format to a capture at `output`. Nothing
// half-written is left behind: the capture is written to a temporary file in the output's folder
// and renamed over `output` only on success; on failure the temporary file is removed.
// Throws InputError for bad input (naming the file and line) and std::runtime_error for I/O
// failures.
ImportResult importCapture(const std::string& input, const std::string& output,
                           const ImportOptions& options);

}  // namespace shadowscale
