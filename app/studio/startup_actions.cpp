#include "app/studio/startup_actions.h"

#include <QApplication>
#include <QCheckBox>
#include <QEvent>
#include <QFileInfo>
#include <QPixmap>
#include <QSpinBox>

#include <cmath>
#include <cstdio>

#include "app/studio/main_window.h"
#include "app/studio/pages/forecast_lab_page.h"
#include "app/studio/pages/import_page.h"
#include "app/studio/pages/scenario_page.h"
#include "app/studio/runs/run_page.h"

namespace shadowscale::studio {

namespace {

// How often the window is asked whether anything still runs before the screenshot: the
// Scenario page's check and a run's last rows end without a signal this class listens to.
constexpr int kIdlePollMs = 100;

}  // namespace

StartupActions::StartupActions(MainWindow& window, StartupOptions options, QObject* parent)
    : QObject(parent), window_(window), options_(std::move(options)) {
  idle_poll_.setInterval(kIdlePollMs);
  connect(&idle_poll_, &QTimer::timeout, this, &StartupActions::checkDone);
}

bool StartupActions::prepare() {
  if (!options_.page.empty() && !window_.showPage(QString::fromStdString(options_.page))) {
    std::fprintf(stderr, "shadowscale-studio: --page: no page called '%s'\n",
                 options_.page.c_str());
    return false;
  }
  if (options_.max_bad) {
    window_.importPage()->findChild<QSpinBox*>("maxBad")->setValue(*options_.max_bad);
  }
  if (!options_.out.empty()) {
    window_.runPage()->setOutputFolder(QString::fromStdString(options_.out));
  }
  return true;
}

void StartupActions::start() {
  connect(window_.importPage(), &ImportPage::importFinished, this,
          [this](bool ok) { finishOne(ok ? 0 : 1); });
  for (const std::string& p : options_.paths) {
    const QString path = QString::fromStdString(p);
    if (!QFileInfo(path).isDir() && !path.endsWith(".textproto")) {
      ++pending_;  // an import, which ends with importFinished
    }
    window_.openDropped(path);
  }
  if (!options_.series.empty()) {
    startForecastLab();
  }
  if (options_.run) {
    ++pending_;
    // The run starts once the window has been drawn, as when a planner presses F5 in it: the
    // window's first paint (fonts, every chart's frame) is start-up, not a stall of the run.
    window_.installEventFilter(this);
    QTimer::singleShot(kFirstPaintWaitMs, this, &StartupActions::startRun);
  }
  if (!options_.page.empty()) {
    window_.showPage(QString::fromStdString(options_.page));  // prepare() checked it
  }
  idle_poll_.start();
}

bool StartupActions::eventFilter(QObject* watched, QEvent* event) {
  if (watched == &window_ && event->type() == QEvent::Paint) {
    window_.removeEventFilter(this);
    QTimer::singleShot(0, this, &StartupActions::startRun);  // after this paint
  }
  return QObject::eventFilter(watched, event);
}

void StartupActions::startRun() {
  if (run_started_) {
    return;
  }
  run_started_ = true;
  window_.removeEventFilter(this);
  connect(window_.runPage(), &RunPage::runFinished, this,
          [this](int status, const QString& message) {
            stalls_.stop();
            std::fprintf(stderr, "shadowscale-studio: run ended, exit status %d: %s\n", status,
                         message.toStdString().c_str());
            if (options_.measure_stalls) {
              std::printf(
                  "longest UI stall during the run: %.1f ms over %lld probes every %d ms "
                  "(the UI thread's own CPU time in one of them at most: %.1f ms",
                  stalls_.longestGapMs(), stalls_.iterations(), options_.stall_probe_ms,
                  stalls_.longestGapCpuMs());
              if (std::isnan(stalls_.longestOwnGapMs())) {
                std::printf("; waits for a core are not read with a busy probe)\n");
              } else {
                std::printf(
                    "; in the longest it waited %.1f ms for a core); the longest stall less "
                    "the waits for a core: %.1f ms\n",
                    stalls_.longestGapWaitMs(), stalls_.longestOwnGapMs());
              }
            }
            run_status_known_ = true;
            status_ = status < 0 ? 1 : status;
            finishOne(0);
          });
  if (options_.measure_stalls) {
    stalls_.setProbeMs(options_.stall_probe_ms);
    stalls_.start();
  }
  window_.runPage()->run();
}

void StartupActions::startForecastLab() {
  ForecastLabPage* lab = window_.forecastLabPage();
  if (options_.epochs) {
    lab->findChild<QCheckBox*>("withLstm")->setChecked(*options_.epochs > 0);
    if (*options_.epochs > 0) {
      lab->findChild<QSpinBox*>("epochs")->setValue(*options_.epochs);
    }
  }
  ++pending_;
  auto* loaded = new QMetaObject::Connection;
  *loaded = connect(lab, &ForecastLabPage::seriesLoaded, this, [this, lab, loaded](bool ok) {
    disconnect(*loaded);
    delete loaded;
    if (!ok || !options_.backtest) {
      finishOne(ok ? 0 : 1);
      return;
    }
    // The load's task is still winding down while it reports; start once it has.
    QTimer::singleShot(0, this, [this, lab] {
      connect(lab, &ForecastLabPage::backtestFinished, this,
              [this](bool ok) { finishOne(ok ? 0 : 1); });
      if (!lab->runBacktest()) {
        finishOne(1);
      }
    });
  });
  lab->loadSeries(QString::fromStdString(options_.series));
}

void StartupActions::finishOne(int status) {
  --pending_;
  if (!run_status_known_ && status > 0) {
    status_ = status;
  }
}

void StartupActions::checkDone() {
  if (finished_ || pending_ > 0 || window_.busy()) {
    return;
  }
  finished_ = true;
  idle_poll_.stop();
  finish();
}

void StartupActions::finish() {
  if (!options_.screenshot.empty()) {
    if (window_.currentPage() == "Scenario") {
      window_.scenarioPage()->goToProblem();  // as F8 would: the problem in view
    }
    QApplication::processEvents();
    const QString path = QString::fromStdString(options_.screenshot);
    if (window_.grab().save(path)) {
      std::fprintf(stderr, "shadowscale-studio: wrote %s\n", options_.screenshot.c_str());
    } else {
      std::fprintf(stderr, "shadowscale-studio: %s: cannot write the screenshot\n",
                   options_.screenshot.c_str());
      status_ = status_ == 0 ? 1 : status_;
    }
  }
  if (options_.quit) {
    QApplication::exit(status_);
  }
}

}  // namespace shadowscale::studio
