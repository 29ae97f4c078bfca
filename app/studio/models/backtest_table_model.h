#pragma once

#include <QAbstractTableModel>

#include "models/backtest.h"

namespace shadowscale::studio {

// The Forecast lab's metrics table: one row per forecaster and horizon with the scores of
// `shadowscale backtest` (MAE, sMAPE, MASE, pinball loss and coverage of the upper quantile);
// the best MASE of each horizon is shown bold.
class BacktestTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { kForecaster, kHorizon, kScored, kMae, kSmape, kMase, kPinball, kCoverage, kCount };

  explicit BacktestTableModel(QObject* parent = nullptr);

  void setResult(const BacktestResult& result);
  void clear();

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  struct Row {
    QString forecaster;
    HorizonScore score;
    bool best = false;
  };
  std::vector<Row> rows_;
  TimeNs bucket_ = 0;
  double upper_quantile_ = 0.9;
};

}  // namespace shadowscale::studio
