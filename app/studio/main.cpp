// shadowscale-studio: the desktop workbench. Parses the command line, sets the theme and opens
// the main window; everything else lives in the shadowscale_studio library.
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QPixmap>
#include <QTimer>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "app/studio/main_window.h"
#include "app/studio/runs/run_page.h"
#include "app/studio/stall_meter.h"
#include "app/studio/theme.h"
#include "shadowscale/version.h"

namespace {

// What the command line asks for beyond opening the window.
struct StudioOptions {
  std::vector<std::string> paths;
  std::string out;
  std::string page;
  std::string screenshot;
  std::string size;
  bool run = false;
  bool quit = false;
  bool measure_stalls = false;
};

// Saves the window as it is drawn now; false with a message when the file cannot be written.
bool saveScreenshot(QWidget& window, const std::string& path) {
  QApplication::processEvents();
  if (!window.grab().save(QString::fromStdString(path))) {
    std::fprintf(stderr, "shadowscale-studio: %s: cannot write the screenshot\n", path.c_str());
    return false;
  }
  std::fprintf(stderr, "shadowscale-studio: wrote %s\n", path.c_str());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  StudioOptions o;
  CLI::App cli{
      "shadowscale-studio: run scaling scenarios, watch them unfold, compare setups.\n"
      "PATHS are scenario files (opened on the Run page) and run folders (opened side "
      "by side on the Compare page).",
      "shadowscale-studio"};
  cli.add_option("paths", o.paths, "scenario files and run folders to open");
  cli.add_option("--out", o.out, "output folder for runs (default: out/<scenario name>)");
  cli.add_flag("--run", o.run, "run the scenario as soon as the window is open");
  cli.add_option("--page", o.page, "the page to show: run, compare, import, ...");
  cli.add_option("--screenshot", o.screenshot,
                 "save a PNG of the window when it is ready (after the run with --run)");
  cli.add_option("--size", o.size, "window size, WIDTHxHEIGHT (e.g. 1400x900)");
  cli.add_flag("--quit", o.quit,
               "quit when done (after the run with --run; the exit status is the run's, as "
               "the CLI's: 0 held, 99 crossed, 2 bad input, 1 failure)");
  cli.add_flag("--measure-stalls", o.measure_stalls,
               "with --run: print the longest gap between event-loop iterations during the run");
  cli.set_version_flag("--version", std::string("shadowscale-studio ") + shadowscale::kVersion);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }

  QApplication app(argc, argv);
  QApplication::setOrganizationName("shadowscale");
  QApplication::setApplicationName("studio");
  shadowscale::studio::applyTheme(app, shadowscale::studio::desktopPrefersDark());
  shadowscale::studio::MainWindow window;
  if (!o.size.empty()) {
    int w = 0, h = 0;
    if (std::sscanf(o.size.c_str(), "%dx%d", &w, &h) != 2 || w < 200 || h < 200) {
      std::fprintf(stderr, "shadowscale-studio: --size: expected WIDTHxHEIGHT, got '%s'\n",
                   o.size.c_str());
      return 2;
    }
    window.resize(w, h);
  }
  for (const std::string& p : o.paths) {
    const QString path = QString::fromStdString(p);
    if (QFileInfo(path).isDir()) {
      window.openRunFolder(path);
    } else {
      window.openScenario(path);
    }
  }
  if (!o.out.empty()) {
    window.runPage()->setOutputFolder(QString::fromStdString(o.out));
  }
  if (!o.page.empty() && !window.showPage(QString::fromStdString(o.page))) {
    std::fprintf(stderr, "shadowscale-studio: --page: no page called '%s'\n", o.page.c_str());
    return 2;
  }
  window.show();

  int exit_status = 0;
  shadowscale::studio::StallMeter stalls;
  auto done = [&] {
    if (!o.screenshot.empty() && !saveScreenshot(window, o.screenshot)) {
      exit_status = exit_status == 0 ? 1 : exit_status;
    }
    if (o.quit) {
      QApplication::exit(exit_status);
    }
  };
  if (o.run) {
    QObject::connect(window.runPage(), &shadowscale::studio::RunPage::runFinished, &app,
                     [&](int status, const QString& message) {
                       stalls.stop();
                       exit_status = status < 0 ? 1 : status;
                       std::fprintf(stderr, "shadowscale-studio: run ended, exit status %d: %s\n",
                                    status, message.toStdString().c_str());
                       if (o.measure_stalls) {
                         std::printf(
                             "longest UI stall during the run: %.1f ms over %lld "
                             "event-loop iterations\n",
                             stalls.longestGapMs(), stalls.iterations());
                       }
                       done();
                     });
    QTimer::singleShot(0, &app, [&] {
      if (o.measure_stalls) {
        stalls.start();
      }
      window.runPage()->run();
    });
  } else if (!o.screenshot.empty() || o.quit) {
    QTimer::singleShot(0, &app, done);
  }
  const int rc = QApplication::exec();
  return o.quit ? exit_status : rc;
}
