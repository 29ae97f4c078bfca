// shadowscale-studio: the desktop workbench. Parses the command line, sets the theme, opens the
// main window and hands what the command line asks for to StartupActions; everything else
// lives in the shadowscale_studio library.
#include <QApplication>
#include <QTimer>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include "app/studio/main_window.h"
#include "app/studio/startup_actions.h"
#include "app/studio/theme.h"
#include "shadowscale/version.h"

namespace {

// Reads the command line into `o` and the window size; an exit status when the program should
// end at once (after --help or --version, or 2 on bad arguments), else nothing.
std::optional<int> parseCommandLine(int argc, char** argv, shadowscale::studio::StartupOptions& o,
                                    int& width, int& height) {
  std::string size;
  int epochs = -1, max_bad = -1;
  CLI::App cli{
      "shadowscale-studio: run scaling scenarios, watch them unfold, compare setups.\n"
      "PATHS open as if dropped on the window: scenario files on the Run page, run folders "
      "side by side on the Compare page, access logs and .gor files on the Import page.",
      "shadowscale-studio"};
  cli.add_option("paths", o.paths, "scenario files, run folders and logs to open");
  cli.add_option("--out", o.out, "output folder for runs (default: out/<scenario name>)");
  cli.add_flag("--run", o.run, "run the scenario as soon as the window is open");
  cli.add_option("--page", o.page,
                 "the page to show: scenario, run, charts, compare, forecast, import");
  cli.add_option("--series", o.series, "a count CSV or capture to open in the Forecast lab");
  cli.add_flag("--backtest", o.backtest, "run the Forecast lab's backtest on --series");
  cli.add_option("--epochs", epochs, "the LSTM's epoch limit in that backtest (0: no LSTM)")
      ->check(CLI::NonNegativeNumber);
  cli.add_option("--max-bad", max_bad, "bad lines the Import page allows (default 0)")
      ->check(CLI::NonNegativeNumber);
  cli.add_option("--screenshot", o.screenshot,
                 "save a PNG of the window once the work asked for has ended");
  cli.add_option("--size", size, "window size, WIDTHxHEIGHT (e.g. 1400x900)");
  cli.add_flag("--quit", o.quit,
               "quit when done (the exit status is the run's with --run, as the CLI's: 0 "
               "held, 99 crossed, 2 bad input, 1 failure)");
  cli.add_flag("--measure-stalls", o.measure_stalls,
               "with --run: print the longest gap between event-loop iterations during the run");
  cli.add_option("--stall-probe-ms", o.stall_probe_ms,
                 "with --measure-stalls: how often the probe timer is due (default 5; 0 fires "
                 "on every loop iteration and keeps the UI thread busy)")
      ->check(CLI::Range(0, 1000));
  cli.set_version_flag("--version", std::string("shadowscale-studio ") + shadowscale::kVersion);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }
  if (epochs >= 0) {
    o.epochs = epochs;
  }
  if (max_bad >= 0) {
    o.max_bad = max_bad;
  }
  if (!size.empty() &&
      (std::sscanf(size.c_str(), "%dx%d", &width, &height) != 2 || width < 200 || height < 200)) {
    std::fprintf(stderr, "shadowscale-studio: --size: expected WIDTHxHEIGHT, got '%s'\n",
                 size.c_str());
    return 2;
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  shadowscale::studio::StartupOptions o;
  int width = 0, height = 0;
  if (const auto status = parseCommandLine(argc, argv, o, width, height)) {
    return *status;
  }
  QApplication app(argc, argv);
  QApplication::setOrganizationName("shadowscale");
  QApplication::setApplicationName("studio");
  shadowscale::studio::applyTheme(app, shadowscale::studio::desktopPrefersDark());
  shadowscale::studio::MainWindow window;
  if (width > 0) {
    window.resize(width, height);
  }
  const bool quit = o.quit;
  shadowscale::studio::StartupActions actions(window, std::move(o));
  if (!actions.prepare()) {
    return 2;
  }
  window.show();
  QTimer::singleShot(0, &actions, &shadowscale::studio::StartupActions::start);
  const int rc = QApplication::exec();
  return quit ? actions.exitStatus() : rc;
}
