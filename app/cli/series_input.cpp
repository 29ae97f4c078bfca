#include "app/cli/series_input.h"

#include <cstdio>
#include <iostream>
#include <stdexcept>

#include "core/input_error.h"
#include "scenarios/units.h"

namespace shadowscale {

void SeriesArgs::addTo(CLI::App& cmd) {
  cmd.add_option("--series", path, "count CSV: 'YYYY-MM-DD HH:MM:SS,count' rows, header optional")
      ->type_name("FILE")
      ->required();
  cmd.add_option("--utc-offset", utc_offset,
                 "zone of the timestamps, e.g. -4h or -04:00 (default 0)")
      ->type_name("OFF");
  cmd.add_option("--zero-run-missing", zero_run_missing,
                 "rows counting 0 for at least D in a row are an outage and flagged missing "
                 "(default 2h; 0 keeps them as data)")
      ->type_name("D");
}

std::string civilOf(TimeNs unix_ns, TimeNs utc_offset) {
  return formatCivil(Calendar(0, utc_offset).civil(unix_ns));
}

namespace {

SeriesReadOptions readOptions(const SeriesArgs& args) {
  SeriesReadOptions options;
  if (!args.utc_offset.empty()) {
    try {
      options.utc_offset = parseUtcOffset(args.utc_offset);
    } catch (const InputError& e) {
      throw InputError("--utc-offset: " + e.problem());
    }
  }
  if (!args.zero_run_missing.empty()) {
    try {
      options.zero_run_missing = parseDuration(args.zero_run_missing);
    } catch (const InputError& e) {
      throw InputError("--zero-run-missing: " + e.problem());
    }
    if (options.zero_run_missing < 0) {
      throw InputError("--zero-run-missing: must not be negative");
    }
  }
  return options;
}

}  // namespace

CountSeries loadSeries(const SeriesArgs& args) {
  const SeriesReadOptions options = readOptions(args);
  const TimeNs utc_offset = options.utc_offset;
  CountSeries s = readCountSeries(args.path, options);
  std::cerr << args.path << ": " << s.rows << " rows every " << s.row_interval / kSecond << " s, "
            << formatCivil(s.points.front().civil) << " .. " << formatCivil(s.points.back().civil)
            << " (" << formatUtcOffset(utc_offset) << "), " << s.points.size() << " buckets of "
            << s.bucket / kMinute << " min\n";
  for (const SeriesGap& g : s.gaps) {
    if (g.zero_run) {
      std::cerr << "  outage: every row counts 0 from " << civilOf(g.first_missing, utc_offset)
                << " to " << civilOf(g.resumes - s.row_interval, utc_offset) << " (up to line "
                << g.line - 1 << "): " << g.bucket_count << " buckets flagged missing\n";
    } else {
      std::cerr << "  gap: no rows from " << civilOf(g.first_missing, utc_offset) << " to "
                << civilOf(g.resumes - s.row_interval, utc_offset) << " (rows resume at line "
                << g.line << "): " << g.bucket_count << " buckets flagged missing\n";
    }
  }
  const std::size_t missing = s.missingCount();
  if (missing > 0) {
    std::cerr << "  " << missing << " bucket(s) missing in all: never scored, left out of the "
              << "MASE scale, not trained on; forecasters' inputs there are stand-ins "
              << "(see docs/forecasting.md)\n";
  }
  return s;
}

void printEpoch(const EpochReport& e, int max_epochs) {
  char line[160];
  std::snprintf(line, sizeof line, "  epoch %2d/%d  train %.5f  validation %.5f  %.1f s%s\n",
                e.epoch, max_epochs, e.train_loss, e.validation_loss, e.seconds,
                e.improved ? "  *" : "");
  std::cerr << line;
}

}  // namespace shadowscale
