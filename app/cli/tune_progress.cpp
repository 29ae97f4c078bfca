#include "app/cli/tune_progress.h"

#include <unistd.h>

#include <cstdio>
#include <memory>

#include "tune/tune_files.h"

namespace shadowscale {

TuneExecution tuneExecution(unsigned threads, bool quiet) {
  TuneExecution exec;
  exec.threads = threads;
  if (quiet) {
    return exec;
  }
  const bool tty = isatty(STDERR_FILENO) != 0;
  auto last = std::make_shared<std::string>();
  exec.on_progress = [tty, last](const std::string& stage, std::size_t done, std::size_t total) {
    if (tty) {
      std::fprintf(stderr, "\r  %s: %zu of %zu%s", stage.c_str(), done, total,
                   done == total ? "\n" : "");
    } else if (done == total || *last != stage) {
      // Without a terminal: one line when a stage starts and one when it ends.
      std::fprintf(stderr, "  %s: %zu of %zu\n", stage.c_str(), done, total);
    }
    *last = stage;
    std::fflush(stderr);
  };
  return exec;
}

void finishTune(const TuneContext& ctx, const TuneOptions& options,
                const std::vector<Screened>& screened, const TuneExecution& exec,
                const std::string& out_dir, bool quiet) {
  const TuneResult result = confirmFront(ctx, options, screened, exec);
  writeTuneOutputs(out_dir, ctx, options, result);
  std::printf("%s", tuneSummaryText(ctx, result).c_str());
  if (!quiet) {
    std::printf("outputs in %s (front.csv, report.html, setups/)\n", out_dir.c_str());
  }
}

}  // namespace shadowscale
