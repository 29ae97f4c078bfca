#include "app/studio/runs/metric_diff_model.h"

#include <QBrush>
#include <QColor>

#include <algorithm>
#include <cmath>
#include <limits>

namespace shadowscale::studio {

namespace {

constexpr int kLeadColumns = 2;  // setup, metric

QString number(double v) {
  if (!std::isfinite(v)) {
    return QStringLiteral("–");
  }
  const double a = std::fabs(v);
  if (v == std::floor(v) && a < 1e15) {
    return QString::number(v, 'f', 0);
  }
  return QString::number(v, 'f', a >= 100 ? 1 : (a >= 1 ? 2 : 4));
}

// How far `v` is from `first`, relative to `first`: 0 when equal (or both missing), infinite
// when only one of them is recorded or `first` is 0 and `v` is not.
double relativeDifference(double first, double v) {
  if (std::isnan(first) || std::isnan(v)) {
    return std::isnan(first) && std::isnan(v) ? 0 : std::numeric_limits<double>::infinity();
  }
  if (v == first) {
    return 0;
  }
  return first != 0 ? std::fabs(v - first) / std::fabs(first)
                    : std::numeric_limits<double>::infinity();
}

}  // namespace

MetricDiffModel::MetricDiffModel(QObject* parent) : QAbstractTableModel(parent) {}

void MetricDiffModel::setRuns(std::vector<std::pair<QString, RunSummary>> runs) {
  beginResetModel();
  labels_.clear();
  rows_.clear();
  for (const auto& [label, summary] : runs) {
    labels_.push_back(label);
  }
  // Rows in the first run's order of setups and metrics, then any only later runs have.
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (const RunSummary::Setup& s : runs[r].second.setups) {
      for (const auto& [metric, v] : s.metrics) {
        auto it = std::find_if(rows_.begin(), rows_.end(), [&](const Row& row) {
          return row.setup == s.name && row.metric == metric;
        });
        if (it == rows_.end()) {
          rows_.push_back(
              {s.name, metric,
               std::vector<double>(runs.size(), std::numeric_limits<double>::quiet_NaN())});
          it = rows_.end() - 1;
        }
        it->values[r] = v;
      }
    }
  }
  sortRows();
  endResetModel();
}

void MetricDiffModel::sortRows() {
  if (labels_.size() < 2) {
    changed_ = static_cast<int>(rows_.size());  // one run: nothing to compare, nothing hidden
    return;
  }
  for (Row& row : rows_) {
    row.difference = 0;
    for (double v : row.values) {
      row.difference = std::max(row.difference, relativeDifference(row.values.front(), v));
    }
  }
  std::stable_sort(rows_.begin(), rows_.end(),
                   [](const Row& a, const Row& b) { return a.difference > b.difference; });
  changed_ = static_cast<int>(
      std::count_if(rows_.begin(), rows_.end(), [](const Row& r) { return r.difference > 0; }));
}

void MetricDiffModel::setShowUnchanged(bool show) {
  if (show == show_unchanged_) {
    return;
  }
  const int unchanged = unchangedCount();
  if (unchanged == 0) {
    show_unchanged_ = show;
    return;
  }
  if (show) {
    beginInsertRows({}, changed_, changed_ + unchanged - 1);
    show_unchanged_ = true;
    endInsertRows();
  } else {
    beginRemoveRows({}, changed_, changed_ + unchanged - 1);
    show_unchanged_ = false;
    endRemoveRows();
  }
}

int MetricDiffModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid()) {
    return 0;
  }
  return show_unchanged_ ? static_cast<int>(rows_.size()) : changed_;
}

int MetricDiffModel::columnCount(const QModelIndex& parent) const {
  if (parent.isValid()) {
    return 0;
  }
  return kLeadColumns + static_cast<int>(labels_.size()) + (labels_.size() >= 2 ? 2 : 0);
}

double MetricDiffModel::value(int row, int run) const {
  return rows_[static_cast<std::size_t>(row)].values[static_cast<std::size_t>(run)];
}

QVariant MetricDiffModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) {
    return {};
  }
  const Row& r = rows_[static_cast<std::size_t>(index.row())];
  const int runs = static_cast<int>(labels_.size());
  const int c = index.column();
  if (role == Qt::TextAlignmentRole && c >= kLeadColumns) {
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  }
  if (role == Qt::ForegroundRole && unchanged(index.row())) {
    return QBrush(QColor(128, 128, 128));  // the same in every run: shown, but quietly
  }
  if (role == Qt::ToolTipRole) {
    return unchanged(index.row()) ? tr("The same in every run")
                                  : tr("Rows are ordered by the largest relative difference "
                                       "from the first run");
  }
  if (role != Qt::DisplayRole && role != Qt::UserRole) {
    return {};
  }
  if (c == 0) {
    return QString::fromStdString(r.setup);
  }
  if (c == 1) {
    return QString::fromStdString(r.metric);
  }
  const double first = r.values.front();
  const double last = r.values.back();
  double v = 0;
  if (c < kLeadColumns + runs) {
    v = r.values[static_cast<std::size_t>(c - kLeadColumns)];
  } else if (c == kLeadColumns + runs) {
    v = last - first;
  } else {
    v = first != 0 ? (last - first) / std::fabs(first) * 100 : std::nan("");
  }
  if (role == Qt::UserRole) {
    return v;
  }
  if (c == kLeadColumns + runs + 1 && std::isfinite(v)) {
    return QString("%1%2 %").arg(v > 0 ? "+" : "").arg(v, 0, 'f', 1);
  }
  if (c == kLeadColumns + runs && std::isfinite(v) && v > 0) {
    return "+" + number(v);
  }
  return number(v);
}

QVariant MetricDiffModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal) {
    return {};
  }
  const int runs = static_cast<int>(labels_.size());
  if (section == 0) {
    return tr("setup");
  }
  if (section == 1) {
    return tr("metric");
  }
  if (section < kLeadColumns + runs) {
    return labels_[static_cast<std::size_t>(section - kLeadColumns)];
  }
  return section == kLeadColumns + runs ? tr("change") : tr("change %");
}

}  // namespace shadowscale::studio
