#pragma once

#include <QAbstractTableModel>

#include <vector>

#include "replay/import_options.h"

namespace shadowscale::studio {

// The bad-line report of an import: one row per skipped line (line number, reason), appended as
// the import finds them.
class BadLineModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { kLine, kReason, kColumnCount };

  explicit BadLineModel(QObject* parent = nullptr);

  void clear();
  void append(const ImportBadLine& bad);
  const std::vector<ImportBadLine>& lines() const { return lines_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  std::vector<ImportBadLine> lines_;
};

}  // namespace shadowscale::studio
