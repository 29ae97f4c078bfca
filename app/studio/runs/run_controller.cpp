#include "app/studio/runs/run_controller.h"

#include <QDir>
#include <QFileInfo>

#include <sys/resource.h>

#include <filesystem>

#include "core/input_error.h"
#include "report/csv_table.h"
#include "sim/setup_run.h"

namespace shadowscale::studio {

namespace {

namespace fs = std::filesystem;

// The nice value of a run's threads (0 is the UI thread's; 19 the lowest).
constexpr int kRunNice = 5;

// The engine's intervals.csv header as fields.
std::vector<std::string> engineHeader() {
  std::string h = SetupRun::csvHeader();
  while (!h.empty() && (h.back() == '\n' || h.back() == '\r')) {
    h.pop_back();
  }
  std::vector<std::string> fields;
  splitCsvLine(h, fields);
  return fields;
}

// Moves the finished staging folder to `target`, replacing an earlier run's folder there.
void publish(const fs::path& staging, const fs::path& target) {
  if (fs::exists(target) && !fs::is_directory(target)) {
    throw InputError::at(target.string(), 0, "", "exists and is not a folder; pick a folder");
  }
  fs::path old;
  if (fs::exists(target)) {
    std::string name = target.filename().string();
    name.insert(0, 1, '.');
    name.append(".studio-old");
    old = target.parent_path() / name;
    fs::remove_all(old);
    fs::rename(target, old);
  }
  fs::rename(staging, target);
  if (!old.empty()) {
    fs::remove_all(old);
  }
}

// Makes the calling thread, and the threads it starts from now on (the engine's, which inherit
// it), yield a core to the UI thread when both want one: a run uses every core, and at the
// same priority the UI thread waited its turn among them for a whole time slice or more, which
// a planner feels as a stall. On an otherwise idle machine the run loses nothing (the UI thread
// needs little). Linux gives each thread its own nice value; elsewhere this does nothing.
void lowerThisThreadsPriority() {
#ifdef __linux__
  setpriority(PRIO_PROCESS, 0, kRunNice);
#endif
}

}  // namespace

QString stagingFolderFor(const QString& out_dir) {
  const QFileInfo info(QDir::cleanPath(out_dir));
  return info.dir().filePath("." + info.fileName() + ".studio-run");
}

RunController::RunController(QObject* parent) : QObject(parent) {
  drain_timer_.setInterval(kDrainMs);
  connect(&drain_timer_, &QTimer::timeout, this, &RunController::drain);
  connect(&task_, &BackgroundTask::finished, this, &RunController::onTaskFinished);
}

bool RunController::start(const Scenario& scenario, const QString& out_dir) {
  if (task_.running()) {
    return false;
  }
  scenario_ = scenario;
  out_dir_ = QDir::cleanPath(out_dir);
  builder_ = std::make_unique<IntervalTableBuilder>(engineHeader(), "intervals.csv");
  row_count_ = 0;
  report_ = RunReport{};
  inbox_ = std::make_shared<Inbox>();
  inbox_->progress.assign(scenario.setups.size(), 0.0);
  const fs::path staging = stagingFolderFor(out_dir_).toStdString();
  const fs::path target = out_dir_.toStdString();
  task_.start([inbox = inbox_, scenario, staging, target](const std::atomic<bool>& cancelled) {
    lowerThisThreadsPriority();
    RunOptions options;
    options.out_dir = staging.string();
    options.cancel = &cancelled;
    options.on_row = [inbox](std::size_t, std::string_view row) {
      std::lock_guard<std::mutex> lock(inbox->mutex);
      inbox->rows.emplace_back(row);
    };
    options.on_progress = [inbox](const std::vector<double>& p) {
      std::lock_guard<std::mutex> lock(inbox->mutex);
      inbox->progress = p;
    };
    options.on_setup_done = [inbox](std::size_t, const SetupResult& result) {
      std::lock_guard<std::mutex> lock(inbox->mutex);
      inbox->results.push_back(result);
    };
    std::error_code ec;
    fs::remove_all(staging, ec);
    try {
      RunReport report = runScenario(scenario, options);
      publish(staging, target);
      std::lock_guard<std::mutex> lock(inbox->mutex);
      inbox->report = std::move(report);
    } catch (...) {
      fs::remove_all(staging, ec);
      throw;
    }
  });
  drain_timer_.start();
  return true;
}

void RunController::cancel() {
  task_.cancel();
}

void RunController::drain() {
  std::vector<std::string> rows;
  std::vector<double> progress;
  std::vector<SetupResult> results;
  {
    std::lock_guard<std::mutex> lock(inbox_->mutex);
    rows.swap(inbox_->rows);
    progress = inbox_->progress;
    results.swap(inbox_->results);
  }
  if (!rows.empty()) {
    for (const std::string& row : rows) {
      ++row_count_;
      builder_->addLine(row, row_count_ + 1);  // line 1 is the header
    }
    emit rowsArrived();
  }
  emit progressed(QVector<double>(progress.begin(), progress.end()));
  for (const SetupResult& r : results) {
    emit setupFinished(r);
  }
}

void RunController::onTaskFinished(BackgroundTask::Outcome outcome, const QString& message) {
  drain();
  drain_timer_.stop();
  switch (outcome) {
    case BackgroundTask::Outcome::kOk: {
      {
        std::lock_guard<std::mutex> lock(inbox_->mutex);
        report_ = std::move(*inbox_->report);
      }
      emit finished(report_.thresholdsCrossed() ? 99 : 0, tr("outputs in %1").arg(out_dir_));
      return;
    }
    case BackgroundTask::Outcome::kCancelled:
      emit finished(kCancelled, tr("cancelled; nothing was written to %1").arg(out_dir_));
      return;
    case BackgroundTask::Outcome::kBadInput:
      emit finished(2, message);
      return;
    case BackgroundTask::Outcome::kFailed:
      emit finished(1, message);
      return;
  }
}

}  // namespace shadowscale::studio
