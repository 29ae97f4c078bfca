#pragma once

#include <string>
#include <string_view>

namespace shadowscale {

// The one atomic file writer of the project. Writes `content` to `path` so readers see either the
// old file or the whole new one: the bytes go to a temporary file in the same folder, which is then
// renamed over `path`. Throws std::runtime_error naming the path on failure, leaving no temporary
// behind.
void writeFileAtomically(const std::string& path, std::string_view content);

}  // namespace shadowscale
