#pragma once

#include <string>

namespace shadowscale {

// Makes sure a command can write the file `path` given with `option` before it starts its work:
// creates the missing folders above it and throws InputError ("--json: ...") when the path is
// a folder or its folder cannot be created or written.
void prepareOutputFile(const std::string& option, const std::string& path);

// The same for an output folder: creates it if needed; throws InputError when `path` is an
// existing file or cannot be created or written.
void prepareOutputFolder(const std::string& option, const std::string& path);

}  // namespace shadowscale
