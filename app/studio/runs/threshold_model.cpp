#include "app/studio/runs/threshold_model.h"

#include <QBrush>
#include <QColor>

#include "core/text.h"
#include "sim/report.h"

namespace shadowscale::studio {

ThresholdModel::ThresholdModel(QObject* parent) : QAbstractTableModel(parent) {}

void ThresholdModel::reset(const Scenario& scenario) {
  beginResetModel();
  scenario_ = scenario;
  rows_.clear();
  for (const ThresholdSpec& t : scenario.thresholds) {
    for (const SetupSpec& s : scenario.setups) {
      if (t.setup.empty() || t.setup == s.name) {
        rows_.push_back({t, s.name});
      }
    }
  }
  endResetModel();
}

void ThresholdModel::setResult(const SetupResult& result) {
  // The engine's own check, on this one setup: the studio judges exactly as the CLI does.
  const std::vector<ThresholdCheck> checks = checkThresholds(scenario_, {result});
  std::size_t next = 0;
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i].setup != result.name || next >= checks.size()) {
      continue;
    }
    const ThresholdCheck& c = checks[next++];
    rows_[i].state = c.passed ? State::kPass : State::kFail;
    rows_[i].actual = c.actual;
    emit dataChanged(index(static_cast<int>(i), 0), index(static_cast<int>(i), kColumnCount - 1));
  }
}

int ThresholdModel::count(State state) const {
  int n = 0;
  for (const Row& r : rows_) {
    n += r.state == state ? 1 : 0;
  }
  return n;
}

int ThresholdModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ThresholdModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QVariant ThresholdModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount() || index.column() >= kColumnCount) {
    return {};
  }
  const Row& r = rows_[static_cast<std::size_t>(index.row())];
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case kResult:
        return r.state == State::kWaiting ? tr("waiting")
                                          : (r.state == State::kPass ? "PASS" : "FAIL");
      case kSetup:
        return QString::fromStdString(r.setup);
      case kThreshold:
        return QString::fromStdString(describeThreshold(r.spec));
      case kActual:
        // The number as the CLI's threshold lines print it ("238.55", not 238.551234).
        return r.state == State::kWaiting
                   ? QVariant()
                   : QVariant(QString::fromStdString(formatReadable(r.actual)));
    }
  }
  if (role == Qt::ForegroundRole && index.column() == kResult && r.state != State::kWaiting) {
    return QBrush(r.state == State::kPass ? QColor("#2e8b57") : QColor("#d03b2e"));
  }
  if (role == Qt::TextAlignmentRole && index.column() == kActual) {
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  }
  return {};
}

QVariant ThresholdModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal) {
    return {};
  }
  switch (section) {
    case kResult:
      return tr("result");
    case kSetup:
      return tr("setup");
    case kThreshold:
      return tr("threshold");
    case kActual:
      return tr("actual");
  }
  return {};
}

}  // namespace shadowscale::studio
