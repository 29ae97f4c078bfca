#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <QVector>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/studio/models/background_task.h"
#include "report/run_data.h"
#include "scenarios/scenario.h"
#include "sim/engine.h"

namespace shadowscale::studio {

// Runs a scenario through the engine the CLI uses (runScenario) on a worker thread and brings
// what it produces to the UI thread in batches: interval rows into an IntervalTable as each
// interval closes, progress per setup, each setup's result when it ends. Outputs are written
// into a staging folder beside the chosen one and moved into place only when the run ends
// well, so a cancelled or failed run leaves no half-written output folder.
class RunController : public QObject {
  Q_OBJECT

 public:
  // How a run ended, as the CLI's exit status says it: 0 all thresholds held, 99 a threshold was
  // crossed, 2 bad input, 1 any other failure; kCancelled when the planner cancelled.
  static constexpr int kCancelled = -1;
  // How often rows are moved to the UI thread, in milliseconds (PlotJuggler's lesson: draw on
  // a timer, not on every sample).
  static constexpr int kDrainMs = 50;

  explicit RunController(QObject* parent = nullptr);

  // Starts running `scenario` with outputs for `out_dir` (the CLI's layout). False if a run is
  // going. Rows, progress and results arrive through the signals below.
  bool start(const Scenario& scenario, const QString& out_dir);
  // Asks the run to stop at the next interval of each setup.
  void cancel();
  bool running() const { return task_.running(); }

  // The rows so far (complete when finished() has been emitted).
  const IntervalTable& table() const { return builder_ ? builder_->table() : empty_; }
  // The scenario of the current or last run.
  const Scenario& scenario() const { return scenario_; }
  // The last run's report (valid after finished() with 0 or 99).
  const RunReport& report() const { return report_; }
  // The folder of the current or last run.
  const QString& outDir() const { return out_dir_; }

 signals:
  // New rows were added to table().
  void rowsArrived();
  // Each setup's share done, 0..1.
  void progressed(const QVector<double>& share_done);
  // A setup ended; its result, for judging its thresholds now.
  void setupFinished(const shadowscale::SetupResult& result);
  // The run ended: exit status as above, and a message (the error, or where outputs went).
  void finished(int exit_status, const QString& message);

 private:
  void drain();
  void onTaskFinished(BackgroundTask::Outcome outcome, const QString& message);

  // What the worker hands over; guarded by its mutex.
  struct Inbox {
    std::mutex mutex;
    std::vector<std::string> rows;
    std::vector<double> progress;
    std::vector<SetupResult> results;
    std::optional<RunReport> report;
  };

  BackgroundTask task_;
  QTimer drain_timer_;
  std::shared_ptr<Inbox> inbox_;
  Scenario scenario_;
  QString out_dir_;
  IntervalTable empty_;
  std::unique_ptr<IntervalTableBuilder> builder_;
  int row_count_ = 0;
  RunReport report_;
};

// Where a run of the studio stages its outputs before moving them to `out_dir`.
QString stagingFolderFor(const QString& out_dir);

}  // namespace shadowscale::studio
