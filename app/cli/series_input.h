#pragma once

#include <string>

#include <CLI/App.hpp>

#include "models/lstm_forecaster.h"
#include "models/series.h"

namespace shadowscale {

// The count-series options shared by `train` and `backtest`: --series, --utc-offset and
// --zero-run-missing, as given on the command line.
struct SeriesArgs {
  std::string path;
  std::string utc_offset;
  std::string zero_run_missing;

  // Declares the options on `cmd`.
  void addTo(CLI::App& cmd);
};

// Reads the series and says on stderr what it found, gaps first: nothing is filled silently.
// Throws InputError naming the option or the file for bad input.
CountSeries loadSeries(const SeriesArgs& args);

// "YYYY-MM-DD HH:MM" of an instant in the series' zone.
std::string civilOf(TimeNs unix_ns, TimeNs utc_offset);

// One line of training progress on stderr.
void printEpoch(const EpochReport& e, int max_epochs);

}  // namespace shadowscale
