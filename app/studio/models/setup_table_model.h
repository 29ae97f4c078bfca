#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <vector>

namespace shadowscale {
namespace config {
class Scenario;
}  // namespace config

namespace studio {

// The setups of the scenario in the editor, for the form: name, shadow pool, mirror fraction
// and a summary of the policies. Edits are not kept here: they are asked for as changes to the
// scenario text (editRequested), and the table follows the text when it is parsed again.
class SetupTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { kName, kShadowPool, kMirrorFraction, kPolicies, kColumnCount };

  explicit SetupTableModel(QObject* parent = nullptr);

  // Shows the setups of `scenario` (the syntax-checked message of the editor's text).
  void setScenario(const config::Scenario& scenario);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

 signals:
  // The user set a field: `path` as ScenarioText names it ("setup[1].mirror_fraction"), and its
  // new value; an empty value means "leave the field out" (its default applies).
  void editRequested(const QString& path, const QString& value);

 private:
  struct Row {
    QString name;
    bool shadow_pool = false;
    QString mirror_fraction;  // as written; empty when absent
    QString policies;
  };
  std::vector<Row> rows_;
};

}  // namespace studio
}  // namespace shadowscale
