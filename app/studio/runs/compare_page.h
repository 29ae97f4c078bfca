#pragma once

#include <QString>
#include <QWidget>

#include <memory>
#include <vector>

#include "report/run_data.h"

class QLabel;
class QListWidget;
class QTableView;

namespace shadowscale::studio {

class MetricDiffModel;
class RunCharts;

// Compare runs: open two or more run folders (written by the CLI or the studio) side by side,
// with their charts overlaid and a table of the differences per metric. A folder that cannot be
// read is reported on the page with its file and line; the runs already open stay.
class ComparePage : public QWidget {
  Q_OBJECT

 public:
  explicit ComparePage(QWidget* parent = nullptr);

  // Adds the run in `dir`; false, with the reason shown (and in `error`), if it cannot be read.
  bool addRun(const QString& dir, QString* error = nullptr);
  void clearRuns();
  int runCount() const { return static_cast<int>(runs_.size()); }

  MetricDiffModel* diffModel() const { return diff_; }
  RunCharts* charts() const { return charts_; }
  // The message line: the last error, or what is open.
  QString statusText() const;

 signals:
  void runOpened(const QString& dir);

 public slots:
  // Asks for a folder and adds it (Ctrl+Shift+O).
  void pickRun();

 private:
  void rebuild();

  std::vector<std::unique_ptr<RunData>> runs_;
  std::vector<QString> labels_;
  MetricDiffModel* diff_ = nullptr;
  RunCharts* charts_ = nullptr;
  QListWidget* list_ = nullptr;
  QTableView* table_ = nullptr;
  QLabel* status_ = nullptr;
};

}  // namespace shadowscale::studio
