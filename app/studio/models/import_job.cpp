#include "app/studio/models/import_job.h"

#include <filesystem>

#include "app/studio/models/cancelled.h"
#include "replay/import_detect.h"
#include "replay/import_pipeline.h"

namespace shadowscale::studio {

std::string defaultCaptureOutput(const std::string& input) {
  std::filesystem::path out(input);
  out.replace_extension(".capture");
  return out.string();
}

ImportOutcome runImport(const ImportRequest& request, const ImportHooks& hooks,
                        const std::atomic<bool>& cancelled) {
  ImportOutcome outcome;
  outcome.format = request.format ? *request.format : detectImportFormat(request.input);
  ImportOptions options;
  options.format = outcome.format;
  options.nginx_format = request.nginx_format;
  options.max_bad = request.max_bad;
  options.progress_every_bytes = request.progress_every_bytes;
  options.on_bad_line = [&](const ImportBadLine& bad) {
    throwIfCancelled(cancelled);
    if (hooks.on_bad_line) {
      hooks.on_bad_line(bad);
    }
  };
  options.on_progress = [&](const ImportProgress& progress) {
    throwIfCancelled(cancelled);
    if (hooks.on_progress) {
      hooks.on_progress(progress);
    }
  };
  throwIfCancelled(cancelled);
  outcome.result = importCapture(request.input, request.output, options);
  return outcome;
}

}  // namespace shadowscale::studio
