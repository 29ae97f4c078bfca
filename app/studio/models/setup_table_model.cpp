#include "app/studio/models/setup_table_model.h"

#include <QStringList>

#include "scenarios/scenario.pb.h"

namespace shadowscale::studio {

namespace {

QString poolName(config::PoolName pool, config::PoolName fallback) {
  const config::PoolName p = pool == config::POOL_UNSPECIFIED ? fallback : pool;
  return p == config::SHADOW ? QStringLiteral("shadow") : QStringLiteral("live");
}

// "hpa on live; predictive (holt-winters) on shadow".
QString policySummary(const config::Setup& setup) {
  QStringList parts;
  for (const config::Policy& p : setup.policy()) {
    if (p.has_hpa()) {
      parts << QStringLiteral("hpa on %1").arg(poolName(p.hpa().pool(), config::LIVE));
    } else if (p.has_schedule()) {
      parts << QStringLiteral("schedule on %1").arg(poolName(p.schedule().pool(), config::LIVE));
    } else if (p.has_predictive()) {
      const std::string& kind = p.predictive().forecaster().kind();
      parts << QStringLiteral("predictive (%1) on %2")
                   .arg(kind.empty() ? QStringLiteral("seasonal-naive-day")
                                     : QString::fromStdString(kind),
                        poolName(p.predictive().pool(), config::SHADOW));
    }
  }
  return parts.isEmpty() ? QStringLiteral("fixed size") : parts.join(QStringLiteral("; "));
}

}  // namespace

SetupTableModel::SetupTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void SetupTableModel::setScenario(const config::Scenario& scenario) {
  beginResetModel();
  rows_.clear();
  for (const config::Setup& s : scenario.setup()) {
    Row row;
    row.name = QString::fromStdString(s.name());
    row.shadow_pool = s.shadow_pool();
    if (s.has_mirror_fraction()) {
      row.mirror_fraction = QString::number(s.mirror_fraction(), 'g', 12);
    }
    row.policies = policySummary(s);
    rows_.push_back(std::move(row));
  }
  endResetModel();
}

int SetupTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int SetupTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QVariant SetupTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) {
    return {};
  }
  const Row& row = rows_[static_cast<std::size_t>(index.row())];
  switch (index.column()) {
    case kName:
      return role == Qt::DisplayRole || role == Qt::EditRole ? QVariant(row.name) : QVariant();
    case kShadowPool:
      return role == Qt::CheckStateRole ? QVariant(row.shadow_pool ? Qt::Checked : Qt::Unchecked)
                                        : QVariant();
    case kMirrorFraction:
      if (role == Qt::DisplayRole) {
        return row.mirror_fraction.isEmpty() ? QStringLiteral("0") : row.mirror_fraction;
      }
      return role == Qt::EditRole ? QVariant(row.mirror_fraction) : QVariant();
    case kPolicies:
      return role == Qt::DisplayRole || role == Qt::ToolTipRole ? QVariant(row.policies)
                                                                : QVariant();
    default:
      return {};
  }
}

QVariant SetupTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) {
    return {};
  }
  static const char* const kTitles[] = {"Setup", "Shadow pool", "Mirrored", "Policies"};
  static const char* const kTips[] = {
      "The setup's name: a column of the report and part of output file names",
      "Whether the setup has a shadow pool at all",
      "Share of live requests copied to the shadow pool (0 to 1)",
      "How each pool is scaled; edit policies in the text"};
  if (section < 0 || section >= kColumnCount) {
    return {};
  }
  if (role == Qt::DisplayRole) {
    return tr(kTitles[section]);
  }
  return role == Qt::ToolTipRole ? QVariant(tr(kTips[section])) : QVariant();
}

Qt::ItemFlags SetupTableModel::flags(const QModelIndex& index) const {
  if (!index.isValid()) {
    return Qt::NoItemFlags;
  }
  Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
  if (index.column() == kName || index.column() == kMirrorFraction) {
    f |= Qt::ItemIsEditable;
  } else if (index.column() == kShadowPool) {
    f |= Qt::ItemIsUserCheckable;
  }
  return f;
}

bool SetupTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (!index.isValid() || index.row() >= rowCount()) {
    return false;
  }
  const QString prefix = QStringLiteral("setup[%1].").arg(index.row());
  if (index.column() == kShadowPool && role == Qt::CheckStateRole) {
    const bool on = value.toInt() == Qt::Checked;
    emit editRequested(prefix + QStringLiteral("shadow_pool"),
                       on ? QStringLiteral("true") : QString());
    return true;
  }
  if (role != Qt::EditRole) {
    return false;
  }
  if (index.column() == kName) {
    emit editRequested(prefix + QStringLiteral("name"), value.toString());
    return true;
  }
  if (index.column() == kMirrorFraction) {
    emit editRequested(prefix + QStringLiteral("mirror_fraction"), value.toString().trimmed());
    return true;
  }
  return false;
}

}  // namespace shadowscale::studio
