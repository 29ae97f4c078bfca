#pragma once

#include <string>

#include "replay/import_options.h"

namespace shadowscale {

// Guesses the import format of a file from its first lines: a GoReplay .gor file, a Combined or
// Common Log Format access log, or a count series, trying the importers' own parsers on the
// first line that holds data. Throws InputError naming the file and line when the file is none
// of these (an NGINX log in a custom log_format is named by the user, not guessed).
ImportFormat detectImportFormat(const std::string& path);

}  // namespace shadowscale
