#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>
#include <string>
#include <vector>

#include "app/studio/stall_meter.h"

namespace shadowscale::studio {

class MainWindow;

// What the command line asks the studio to do once its window is open. Paths open as if
// dropped on the window (run folders on Compare runs, scenarios on the Run page, anything else
// on the Import page).
struct StartupOptions {
  std::vector<std::string> paths;
  std::string out;             // the Run page's output folder
  std::string page;            // the page to show
  std::string series;          // a count CSV or capture for the Forecast lab
  bool backtest = false;       // run the Forecast lab's backtest on `series`
  std::optional<int> epochs;   // the LSTM's epoch limit in that backtest (0: no LSTM)
  std::optional<int> max_bad;  // bad lines the Import page allows
  bool run = false;
  bool measure_stalls = false;
  int stall_probe_ms = StallMeter::kDefaultProbeMs;  // the stall meter's probe interval
  std::string screenshot;  // a PNG of the window once nothing is left running
  bool quit = false;
};

// Carries out StartupOptions on a shown MainWindow: opens the paths, starts the run, the
// series' load and backtest, and waits for all of them and for the Scenario page's check; then
// saves the screenshot and, with `quit`, ends the event loop with the exit status: the run's as
// the CLI gives it (0 held, 99 crossed, 2 bad input, 1 failure), else 1 when a backtest, an
// import or the screenshot failed, else 0.
class StartupActions : public QObject {
  Q_OBJECT

 public:
  StartupActions(MainWindow& window, StartupOptions options, QObject* parent = nullptr);

  // Applies the options that need no event loop; false, with a message on stderr, for one the
  // window cannot take (an unknown page).
  bool prepare();
  // Starts the work; call once the window is shown.
  void start();
  int exitStatus() const { return status_; }

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  // How long --run waits for the window's first paint before it starts the run anyway (a
  // platform that never shows the window).
  static constexpr int kFirstPaintWaitMs = 3000;
  // Starts the run --run asked for (once).
  void startRun();
  void startForecastLab();
  void finishOne(int status);
  void checkDone();
  void finish();

  MainWindow& window_;
  StartupOptions options_;
  StallMeter stalls_;
  QTimer idle_poll_;
  int pending_ = 0;  // started work not yet finished
  int status_ = 0;
  bool run_status_known_ = false;
  bool run_started_ = false;
  bool finished_ = false;
};

}  // namespace shadowscale::studio
