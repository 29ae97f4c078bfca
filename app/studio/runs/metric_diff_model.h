#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <string>
#include <vector>

#include "report/run_summary.h"

namespace shadowscale::studio {

// Compare runs' table of differences: one row per setup and metric (in the first run's order),
// one column per run with its value, then the change from the first run to the last, absolute
// and in percent.
class MetricDiffModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  explicit MetricDiffModel(QObject* parent = nullptr);

  // The runs to compare: a label and its summary each.
  void setRuns(std::vector<std::pair<QString, RunSummary>> runs);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

  // The value of row `row` in run `run` (NaN when that run lacks it).
  double value(int row, int run) const;

 private:
  struct Row {
    std::string setup;
    std::string metric;
    std::vector<double> values;  // per run
  };
  std::vector<QString> labels_;
  std::vector<Row> rows_;
};

}  // namespace shadowscale::studio
