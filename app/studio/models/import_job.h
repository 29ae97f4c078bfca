#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "replay/import_options.h"

namespace shadowscale::studio {

// What the Import page asks for: the `shadowscale import` options a planner sets on it.
struct ImportRequest {
  std::string input;
  std::string output;
  std::optional<ImportFormat> format;  // nullopt: detect it from the file's first lines
  std::string nginx_format;            // for ImportFormat::kNginx
  std::int64_t max_bad = 0;            // bad lines skipped before the import fails
  // Progress (and the Cancel check) every so many input bytes: 256 kB keeps Cancel prompt
  // without slowing the import measurably.
  std::uint64_t progress_every_bytes = 256 << 10;
};

// What the job reports while it runs (called on the job's thread).
struct ImportHooks {
  std::function<void(const ImportBadLine&)> on_bad_line;
  std::function<void(const ImportProgress&)> on_progress;
};

// What an import did, with the format it used.
struct ImportOutcome {
  ImportFormat format = ImportFormat::kCombined;
  ImportResult result;
};

// The capture file a dropped input becomes by default: beside it, with the extension .capture.
std::string defaultCaptureOutput(const std::string& input);

// Converts request.input to a capture with the same pipeline as `shadowscale import`
// (replay/import_pipeline.h): nothing is written when the bad-line budget is exceeded, the input
// is not a log, or `cancelled` is set (checked at every progress report and bad line). Throws
// InputError for bad input and Cancelled when cancelled.
ImportOutcome runImport(const ImportRequest& request, const ImportHooks& hooks,
                        const std::atomic<bool>& cancelled);

}  // namespace shadowscale::studio
