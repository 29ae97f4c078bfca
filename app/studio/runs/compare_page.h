#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

#include <deque>
#include <memory>
#include <vector>

#include "report/run_data.h"

class QCheckBox;
class QLabel;
class QListWidget;
class QTableView;

namespace shadowscale::studio {

class BackgroundTask;
class MetricDiffModel;
class RunCharts;

// Compare runs: open two or more run folders (written by the CLI or the studio) side by side,
// with their charts overlaid and a table of the differences per metric. A folder that cannot be
// read is reported on the page with its file and line; the runs already open stay.
class ComparePage : public QWidget {
  Q_OBJECT

 public:
  explicit ComparePage(QWidget* parent = nullptr);

  // Adds the run in `dir`, read here and now; false, with the reason shown (and in `error`), if
  // it cannot be read.
  bool addRun(const QString& dir, QString* error = nullptr);
  // Adds the run in `dir` once read on a worker thread, so a folder of 90 days of rows does
  // not hold the window up; folders asked for while one is read follow it, in order. What
  // cannot be read is shown as addRun shows it.
  void openRun(const QString& dir);
  // Whether folders asked for by openRun are still being read.
  bool loading() const;
  void clearRuns();
  int runCount() const { return static_cast<int>(runs_.size()); }

  MetricDiffModel* diffModel() const { return diff_; }
  RunCharts* charts() const { return charts_; }
  // The message line: the last error, or what is open.
  QString statusText() const;
  // The switch that lists the metrics every run has alike under the changed ones.
  QCheckBox* unchangedSwitch() const { return show_unchanged_; }

 signals:
  void runOpened(const QString& dir);

 public slots:
  // Asks for a folder and adds it (Ctrl+Shift+O).
  void pickRun();

 private:
  // Adds a run read from `dir`.
  void accept(const QString& dir, std::unique_ptr<RunData> run);
  // Shows why a folder could not be read.
  void reject(const QString& message);
  // Starts reading the next folder openRun was given, if none is being read.
  void readNext();
  void rebuild();

  std::vector<std::unique_ptr<RunData>> runs_;
  std::vector<QString> labels_;
  BackgroundTask* reader_ = nullptr;
  std::deque<QString> to_read_;          // folders openRun was given, not yet read
  std::shared_ptr<RunData> being_read_;  // filled by the reader's thread
  QString reading_dir_;
  QStringList errors_;  // folders of the current batch that could not be read, why
  MetricDiffModel* diff_ = nullptr;
  RunCharts* charts_ = nullptr;
  QListWidget* list_ = nullptr;
  QTableView* table_ = nullptr;
  QCheckBox* show_unchanged_ = nullptr;
  QLabel* status_ = nullptr;
};

}  // namespace shadowscale::studio
