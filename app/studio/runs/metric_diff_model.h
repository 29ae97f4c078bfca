#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <string>
#include <vector>

#include "report/run_summary.h"

namespace shadowscale::studio {

// Compare runs' table of differences: one row per setup and metric, one column per run with its
// value, then the change from the first run to the last, absolute and in percent. The rows that
// changed come first, the largest relative difference from the first run at the top; the
// metrics every run has alike ("unchanged") follow them, or are left out while collapsed.
class MetricDiffModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  explicit MetricDiffModel(QObject* parent = nullptr);

  // The runs to compare: a label and its summary each.
  void setRuns(std::vector<std::pair<QString, RunSummary>> runs);
  // Whether the unchanged rows are listed (after the changed ones); off collapses them.
  void setShowUnchanged(bool show);
  bool showUnchanged() const { return show_unchanged_; }
  // Rows whose value is the same in every run (shown or not).
  int unchangedCount() const { return static_cast<int>(rows_.size()) - changed_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

  // The value of row `row` in run `run` (NaN when that run lacks it).
  double value(int row, int run) const;
  // Whether row `row` is one of the unchanged metrics.
  bool unchanged(int row) const { return row >= changed_; }

 private:
  struct Row {
    std::string setup;
    std::string metric;
    std::vector<double> values;  // per run
    double difference = 0;       // the largest relative difference from the first run
  };
  // Orders the rows: changed by difference, largest first, then unchanged; both keep the
  // first run's order among equals.
  void sortRows();

  std::vector<QString> labels_;
  std::vector<Row> rows_;
  int changed_ = 0;  // the first `changed_` rows differ between runs
  bool show_unchanged_ = false;
};

}  // namespace shadowscale::studio
