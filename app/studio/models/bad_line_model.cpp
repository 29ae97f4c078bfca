#include "app/studio/models/bad_line_model.h"

namespace shadowscale::studio {

BadLineModel::BadLineModel(QObject* parent) : QAbstractTableModel(parent) {}

void BadLineModel::clear() {
  beginResetModel();
  lines_.clear();
  endResetModel();
}

void BadLineModel::append(const ImportBadLine& bad) {
  const int row = static_cast<int>(lines_.size());
  beginInsertRows({}, row, row);
  lines_.push_back(bad);
  endInsertRows();
}

int BadLineModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(lines_.size());
}

int BadLineModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QVariant BadLineModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) {
    return {};
  }
  const ImportBadLine& bad = lines_[static_cast<std::size_t>(index.row())];
  if (role == Qt::DisplayRole) {
    return index.column() == kLine ? QVariant(static_cast<qlonglong>(bad.line))
                                   : QVariant(QString::fromStdString(bad.reason));
  }
  if (role == Qt::TextAlignmentRole && index.column() == kLine) {
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  }
  return {};
}

QVariant BadLineModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return {};
  }
  return section == kLine ? tr("Line") : tr("Why it was skipped");
}

}  // namespace shadowscale::studio
