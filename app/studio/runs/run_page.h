#pragma once

#include <QString>
#include <QWidget>

#include <optional>
#include <vector>

#include "app/studio/charts/run_charts.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QVBoxLayout;
class QProgressBar;

namespace shadowscale {
struct SetupResult;
}

namespace shadowscale::studio {

class RunController;
class ThresholdModel;

// The Run page: pick a scenario and an output folder, run it through the engine the CLI uses,
// and watch it unfold: progress per setup, the charts growing as each interval closes, the
// thresholds judged as each setup ends, and at the end the exit status the CLI would give.
// Outputs land in the chosen folder in the CLI's layout; a cancelled or failed run writes none.
class RunPage : public QWidget {
  Q_OBJECT

 public:
  explicit RunPage(QWidget* parent = nullptr);

  // Runs the scenario file `path` (kept as given: summary.json names it as the CLI would).
  void setScenarioPath(const QString& path);
  QString scenarioPath() const;
  // Runs this text instead of a file: the Scenario page's scenario while it is unsaved or has
  // unsaved changes. `name` names it in messages and summary.json; relative paths resolve
  // against `base_dir`. Typing a path, or setScenarioPath, goes back to a file.
  void setEditedScenario(const QString& text, const QString& name, const QString& base_dir);
  bool runsEditedScenario() const { return edited_.has_value(); }
  void setOutputFolder(const QString& path);
  QString outputFolder() const;

  RunController* controller() const { return controller_; }
  RunCharts* charts() const { return charts_; }
  // Another set of charts (the Charts page's) fed the same run as the page's own.
  void addChartsView(RunCharts* charts);
  ThresholdModel* thresholds() const { return thresholds_; }
  // The exit status of the last run as the CLI would give it (-1 before any, or cancelled).
  int lastExitStatus() const { return last_status_; }
  // The line under the buttons: what happened last.
  QString statusText() const;

 public slots:
  // Loads the scenario and starts the run (F5). A bad scenario is reported on the page.
  void run();
  // Stops the run at the next interval (Esc).
  void cancel();

 signals:
  // A run ended: exit status as the CLI's (-1 when cancelled) and what to tell the planner.
  void runFinished(int exit_status, const QString& message);

 private:
  void buildUi();
  void onProgress(const QVector<double>& share);
  void onSetupFinished(const SetupResult& result);
  void onFinished(int status, const QString& message);
  void setBusy(bool busy);
  void showStatus(const QString& text, bool error);

  RunController* controller_ = nullptr;
  ThresholdModel* thresholds_ = nullptr;
  RunCharts* charts_ = nullptr;
  std::vector<RunCharts*> views_;  // charts_ first, then those addChartsView gave
  QLineEdit* scenario_edit_ = nullptr;
  QLineEdit* out_edit_ = nullptr;
  QPushButton* run_button_ = nullptr;
  QPushButton* cancel_button_ = nullptr;
  QLabel* status_ = nullptr;
  QVBoxLayout* progress_box_ = nullptr;
  std::vector<QProgressBar*> progress_bars_;
  QTableView* threshold_view_ = nullptr;
  std::vector<SetupFigures> figures_;
  int last_status_ = -1;
  // The text setEditedScenario gave, its name and folder.
  struct EditedScenario {
    QString text, name, base_dir;
  };
  std::optional<EditedScenario> edited_;
};

}  // namespace shadowscale::studio
