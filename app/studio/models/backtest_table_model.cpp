#include "app/studio/models/backtest_table_model.h"

#include <QFont>

#include <map>

namespace shadowscale::studio {

BacktestTableModel::BacktestTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void BacktestTableModel::setResult(const BacktestResult& result) {
  beginResetModel();
  rows_.clear();
  bucket_ = result.bucket;
  upper_quantile_ = result.upper_quantile;
  std::map<int, double> best;  // horizon -> lowest MASE
  for (const ForecasterScore& f : result.forecasters) {
    for (const HorizonScore& h : f.horizons) {
      rows_.push_back({QString::fromStdString(f.name), h, false});
      if (h.count > 0 && (!best.contains(h.horizon) || h.mase < best[h.horizon])) {
        best[h.horizon] = h.mase;
      }
    }
  }
  for (Row& row : rows_) {
    row.best = row.score.count > 0 && row.score.mase == best[row.score.horizon];
  }
  endResetModel();
}

void BacktestTableModel::clear() {
  beginResetModel();
  rows_.clear();
  endResetModel();
}

int BacktestTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int BacktestTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kCount;
}

QVariant BacktestTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) {
    return {};
  }
  const Row& row = rows_[static_cast<std::size_t>(index.row())];
  const HorizonScore& s = row.score;
  if (role == Qt::FontRole && row.best) {
    QFont bold;
    bold.setBold(true);
    return bold;
  }
  if (role == Qt::TextAlignmentRole && index.column() != kForecaster) {
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  }
  if (role != Qt::DisplayRole) {
    return {};
  }
  switch (index.column()) {
    case kForecaster:
      return row.forecaster;
    case kHorizon:
      return QStringLiteral("%1 min").arg(s.horizon * bucket_ / kMinute);
    case kScored:
      return static_cast<qulonglong>(s.count);
    case kMae:
      return QString::number(s.mae, 'f', 2);
    case kSmape:
      return QString::number(s.smape, 'f', 2);
    case kMase:
      return QString::number(s.mase, 'f', 3);
    case kPinball:
      return QString::number(s.pinball, 'f', 2);
    case kCoverage:
      return QString::number(s.coverage, 'f', 3);
    default:
      return {};
  }
}

QVariant BacktestTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= kCount) {
    return {};
  }
  static const char* const kTitles[] = {"Forecaster", "Horizon", "Scored",  "MAE",
                                        "sMAPE %",    "MASE",    "Pinball", "Coverage"};
  static const char* const kTips[] = {
      "The forecaster, its quantiles calibrated on recent errors as a policy uses it",
      "How far ahead the forecast reaches",
      "Forecasts scored (targets with data)",
      "Mean absolute error of the median, in requests per bucket",
      "Symmetric mean absolute percentage error of the median (0 to 200)",
      "MAE over the in-sample MAE of the daily seasonal-naive forecast; below 1 beats it",
      "Pinball loss of the upper quantile",
      "Share of actuals at or below the upper quantile; near its level is well calibrated"};
  if (role == Qt::DisplayRole) {
    return tr(kTitles[section]);
  }
  if (role == Qt::ToolTipRole) {
    QString tip = tr(kTips[section]);
    if (section == kPinball || section == kCoverage) {
      tip += tr(" (%1)").arg(upper_quantile_);
    }
    return tip;
  }
  return {};
}

}  // namespace shadowscale::studio
