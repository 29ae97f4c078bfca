#pragma once

#include <QString>
#include <QWidget>

#include <memory>

#include "app/studio/models/background_task.h"

class QCheckBox;
class QChart;
class QComboBox;
class QLabel;
class QLineEdit;
class QLineSeries;
class QAreaSeries;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;

namespace shadowscale {
struct CountSeries;
struct EpochReport;

namespace studio {

class BacktestTableModel;
struct LabRun;

// The Forecast lab: load a count CSV or a capture, run the rolling-origin backtest of every
// forecaster (`shadowscale backtest`'s protocol and forecasters) off the UI thread with
// progress and Cancel, the LSTM's training and validation loss drawn as each epoch ends, the
// metrics table, any forecaster's forecast against the actual series with its quantile band,
// and the trained LSTM exported as TorchScript with its JSON sidecar in one click.
class ForecastLabPage : public QWidget {
  Q_OBJECT

 public:
  explicit ForecastLabPage(QWidget* parent = nullptr);
  ~ForecastLabPage() override;

  BacktestTableModel* metrics() const { return metrics_; }
  // The loss curves and the forecast chart's series, for tests and screenshots.
  QLineSeries* trainLoss() const { return train_loss_; }
  QLineSeries* validationLoss() const { return validation_loss_; }
  QLineSeries* actualSeries() const { return actual_; }
  QLineSeries* medianSeries() const { return median_; }
  // The last finished backtest, or null.
  const LabRun* lastRun() const { return run_.get(); }
  QString message() const;
  bool busy() const { return task_->running(); }

 public slots:
  // Reads a count CSV or a capture and shows it (in the background).
  void loadSeries(const QString& path);
  // Asks for a series file.
  void pickSeries();
  // Runs the backtest on the series file named on the page; false while other work runs.
  bool runBacktest();
  void cancel();
  // Writes the last run's LSTM into `dir` (asks for a folder when empty).
  bool exportModel(const QString& dir = {});
  // Draws the chosen forecaster's forecast at the chosen horizon against the actual series.
  void showForecast();

 signals:
  void seriesLoaded(bool ok, const QString& message);
  void backtestFinished(bool ok, const QString& message);
  void exportFinished(bool ok, const QString& message);

 private:
  QWidget* buildControls();
  QWidget* buildCharts();
  void setBusy(bool busy);
  void showMessage(const QString& text, bool error);
  void addEpoch(const EpochReport& epoch);
  void drawActual(std::size_t from);
  void finishBacktest(BackgroundTask::Outcome how, const QString& text, std::shared_ptr<LabRun> run,
                      std::shared_ptr<CountSeries> series);

  BackgroundTask* task_;
  BacktestTableModel* metrics_;
  std::shared_ptr<LabRun> run_;
  std::shared_ptr<CountSeries> series_;
  QLineEdit* path_ = nullptr;
  QLineEdit* utc_offset_ = nullptr;
  QCheckBox* with_lstm_ = nullptr;
  QSpinBox* epochs_ = nullptr;
  QPushButton* run_button_ = nullptr;
  QPushButton* cancel_button_ = nullptr;
  QPushButton* export_button_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* message_ = nullptr;
  QTableView* table_ = nullptr;
  QChart* loss_chart_ = nullptr;
  QLineSeries* train_loss_ = nullptr;
  QLineSeries* validation_loss_ = nullptr;
  QComboBox* forecaster_ = nullptr;
  QComboBox* horizon_ = nullptr;
  QChart* forecast_chart_ = nullptr;
  QLineSeries* actual_ = nullptr;
  QLineSeries* median_ = nullptr;
  QLineSeries* band_lower_ = nullptr;
  QLineSeries* band_upper_ = nullptr;
  QAreaSeries* band_ = nullptr;
  int stages_done_ = 0;
};

}  // namespace studio
}  // namespace shadowscale
