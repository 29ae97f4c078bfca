#pragma once

#include <QAbstractTableModel>

#include <string>
#include <vector>

#include "scenarios/scenario.h"
#include "sim/engine.h"

namespace shadowscale::studio {

// The scenario's thresholds, one row per threshold and setup it applies to, judged as each
// setup's result becomes known: "waiting" until then, then PASS or FAIL with the actual value.
// Columns: result, setup, threshold, actual.
class ThresholdModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { kResult, kSetup, kThreshold, kActual, kColumnCount };
  enum class State { kWaiting, kPass, kFail };

  explicit ThresholdModel(QObject* parent = nullptr);

  // Lists every threshold of `scenario` as waiting.
  void reset(const Scenario& scenario);
  // Judges the rows of the setup `result` belongs to.
  void setResult(const SetupResult& result);
  // How many rows are in each state.
  int count(State state) const;
  State state(int row) const { return rows_[static_cast<std::size_t>(row)].state; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  struct Row {
    ThresholdSpec spec;
    std::string setup;
    State state = State::kWaiting;
    double actual = 0;
  };
  Scenario scenario_;
  std::vector<Row> rows_;
};

}  // namespace shadowscale::studio
