#include "app/studio/pages/forecast_lab_page.h"

#include <QAction>
#include <QAreaSeries>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "app/studio/charts/chart_view.h"
#include "app/studio/models/backtest_table_model.h"
#include "app/studio/models/forecast_lab.h"
#include "models/series.h"

namespace shadowscale::studio {

namespace {

// The horizons of the protocol, in buckets (5, 15 and 60 minutes).
const int kHorizons[] = {1, 3, 12};

double msOf(TimeNs unix_ns) {
  return static_cast<double>(unix_ns / 1000000);
}

// A studio chart (theme, save as PNG or SVG) with its legend at the bottom.
ChartView* makeChart(const QString& title) {
  auto* view = new ChartView(title);
  view->chart()->legend()->setAlignment(Qt::AlignBottom);
  return view;
}

// Fits the axis to the values with a little air.
void fitAxis(QValueAxis* axis, double lo, double hi) {
  if (!(hi > lo)) {
    hi = lo + 1;
  }
  const double pad = (hi - lo) * 0.05;
  axis->setRange(std::max(0.0, lo - pad), hi + pad);
  // Ticks at a round step (1, 2 or 5 times a power of ten, about five of them) from zero, so
  // they read 0, 2000, 4000 rather than 1557.9, 3115.8.
  const double rough = (axis->max() - axis->min()) / 5;
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  const double step = rough / power < 1.5 ? power : rough / power < 3.5 ? 2 * power : 5 * power;
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(0);
  axis->setTickInterval(step);
  axis->setLabelFormat("%g");
}

}  // namespace

ForecastLabPage::ForecastLabPage(QWidget* parent)
    : QWidget(parent), task_(new BackgroundTask(this)), metrics_(new BacktestTableModel(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildControls());
  layout->addWidget(buildCharts(), 1);
  setBusy(false);
}

ForecastLabPage::~ForecastLabPage() = default;

QWidget* ForecastLabPage::buildControls() {
  auto* box = new QWidget;
  auto* rows = new QVBoxLayout(box);
  rows->setContentsMargins(0, 0, 0, 0);
  path_ = new QLineEdit;
  path_->setObjectName("series");
  path_->setPlaceholderText(tr("a count CSV (time,count) or a capture"));
  path_->setToolTip(
      tr("The series to backtest: per-interval counts, or a capture whose "
         "requests are counted; summed into 5-minute buckets"));
  auto* open = new QPushButton(tr("Open…"));
  open->setToolTip(tr("Choose a count CSV or a capture (Ctrl+O)"));
  connect(open, &QPushButton::clicked, this, &ForecastLabPage::pickSeries);
  utc_offset_ = new QLineEdit;
  utc_offset_->setObjectName("utcOffset");
  utc_offset_->setPlaceholderText(tr("UTC offset, e.g. -4h"));
  utc_offset_->setMaximumWidth(140);
  utc_offset_->setToolTip(
      tr("Zone of the series' timestamps (the forecasters' calendar); "
         "empty = UTC"));
  auto* first = new QHBoxLayout;
  first->addWidget(new QLabel(tr("Series")));
  first->addWidget(path_, 1);
  first->addWidget(open);
  first->addWidget(utc_offset_);
  rows->addLayout(first);

  with_lstm_ = new QCheckBox(tr("LSTM"));
  with_lstm_->setObjectName("withLstm");
  with_lstm_->setChecked(true);
  with_lstm_->setToolTip(
      tr("Train and score the LSTM too (minutes on long series); without "
         "it only the baselines run"));
  epochs_ = new QSpinBox;
  epochs_->setObjectName("epochs");
  epochs_->setRange(1, 1000);
  epochs_->setValue(LstmOptions{}.max_epochs);
  epochs_->setPrefix(tr("up to "));
  epochs_->setSuffix(tr(" epochs"));
  epochs_->setToolTip(tr("Most LSTM training epochs; early stopping may end sooner"));
  epochs_->setMaximumWidth(160);
  run_button_ = new QPushButton(tr("Run backtest"));
  run_button_->setObjectName("runBacktest");
  run_button_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
  run_button_->setToolTip(
      tr("Fit every forecaster on the first 70 %, roll the origin through "
         "the rest and score 5, 15 and 60 minutes ahead (Ctrl+Return)"));
  connect(run_button_, &QPushButton::clicked, this, &ForecastLabPage::runBacktest);
  cancel_button_ = new QPushButton(tr("Cancel"));
  cancel_button_->setShortcut(QKeySequence(Qt::Key_Escape));
  cancel_button_->setToolTip(tr("Stop the backtest (Esc)"));
  connect(cancel_button_, &QPushButton::clicked, this, &ForecastLabPage::cancel);
  export_button_ = new QPushButton(tr("Export model…"));
  export_button_->setObjectName("exportModel");
  export_button_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  export_button_->setToolTip(
      tr("Write the LSTM trained here as TorchScript (forecaster.pt) "
         "with its JSON sidecar (forecaster.json) (Ctrl+E)"));
  connect(export_button_, &QPushButton::clicked, this, [this] { exportModel(); });
  progress_ = new QProgressBar;
  progress_->setFormat(QStringLiteral("%v/%m"));
  auto* second = new QHBoxLayout;
  second->addWidget(with_lstm_);
  second->addWidget(epochs_);
  second->addWidget(run_button_);
  second->addWidget(cancel_button_);
  second->addWidget(progress_, 1);
  second->addWidget(export_button_);
  rows->addLayout(second);
  message_ = new QLabel;
  message_->setObjectName("message");
  message_->setWordWrap(true);
  message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  rows->addWidget(message_);

  auto* open_action = new QAction(this);
  open_action->setShortcut(QKeySequence::Open);
  open_action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  connect(open_action, &QAction::triggered, this, &ForecastLabPage::pickSeries);
  addAction(open_action);
  return box;
}

QWidget* ForecastLabPage::buildCharts() {
  table_ = new QTableView;
  table_->setModel(metrics_);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->setToolTip(tr("Scores on the test part; the best MASE of each horizon in bold"));

  ChartView* loss_view = makeChart(tr("LSTM loss per epoch"));
  loss_chart_ = loss_view->chart();
  train_loss_ = new QLineSeries;
  train_loss_->setName(tr("training"));
  validation_loss_ = new QLineSeries;
  validation_loss_->setName(tr("validation"));
  auto* epoch_axis = new QValueAxis;
  epoch_axis->setLabelFormat(QStringLiteral("%d"));
  epoch_axis->setTitleText(tr("epoch"));
  auto* loss_axis = new QValueAxis;
  loss_chart_->addAxis(epoch_axis, Qt::AlignBottom);
  loss_chart_->addAxis(loss_axis, Qt::AlignLeft);
  for (QLineSeries* s : {train_loss_, validation_loss_}) {
    s->setPointsVisible(true);
    loss_chart_->addSeries(s);
    s->attachAxis(epoch_axis);
    s->attachAxis(loss_axis);
  }
  loss_view->setToolTip(
      tr("Mean pinball loss (normalised) drawn as each epoch ends; training keeps the epoch "
         "with the best validation loss. Right-click to save as PNG or SVG."));

  forecaster_ = new QComboBox;
  forecaster_->setObjectName("forecaster");
  forecaster_->setToolTip(tr("Whose forecast to draw"));
  horizon_ = new QComboBox;
  horizon_->setObjectName("horizon");
  horizon_->setToolTip(tr("How far ahead: each point is the forecast made that long before"));
  for (int h : kHorizons) {
    horizon_->addItem(tr("%1 min ahead").arg(h * 5), h);
  }
  connect(forecaster_, &QComboBox::currentIndexChanged, this, &ForecastLabPage::showForecast);
  connect(horizon_, &QComboBox::currentIndexChanged, this, &ForecastLabPage::showForecast);

  ChartView* forecast_view = makeChart(tr("Forecast against actual (test part)"));
  forecast_chart_ = forecast_view->chart();
  actual_ = new QLineSeries;
  actual_->setName(tr("actual"));
  median_ = new QLineSeries;
  median_->setName(tr("median forecast"));
  band_lower_ = new QLineSeries(this);
  band_upper_ = new QLineSeries(this);
  band_ = new QAreaSeries(band_upper_, band_lower_);
  band_->setName(tr("quantile band"));
  QColor band_colour(0x3a, 0x7b, 0xd5);
  band_colour.setAlpha(60);
  band_->setBrush(band_colour);
  band_->setPen(Qt::NoPen);
  auto* time_axis = new QDateTimeAxis;
  time_axis->setFormat(QStringLiteral("MMM d HH:mm"));
  auto* count_axis = new QValueAxis;
  count_axis->setTitleText(tr("requests per 5 min"));
  forecast_chart_->addAxis(time_axis, Qt::AlignBottom);
  forecast_chart_->addAxis(count_axis, Qt::AlignLeft);
  for (QAbstractSeries* s : std::initializer_list<QAbstractSeries*>{band_, actual_, median_}) {
    forecast_chart_->addSeries(s);
    s->attachAxis(time_axis);
    s->attachAxis(count_axis);
  }

  auto* top = new QSplitter;
  top->addWidget(table_);
  top->addWidget(loss_view);
  top->setStretchFactor(0, 3);
  top->setStretchFactor(1, 2);
  // The metrics table's eight columns first; the loss curves need less width.
  top->setSizes({720, 680});
  auto* bottom = new QWidget;
  auto* bottom_layout = new QVBoxLayout(bottom);
  bottom_layout->setContentsMargins(0, 0, 0, 0);
  auto* pick = new QHBoxLayout;
  pick->addWidget(new QLabel(tr("Forecaster")));
  pick->addWidget(forecaster_);
  pick->addWidget(horizon_);
  pick->addStretch(1);
  bottom_layout->addLayout(pick);
  bottom_layout->addWidget(forecast_view, 1);
  auto* split = new QSplitter(Qt::Vertical);
  split->addWidget(top);
  split->addWidget(bottom);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);
  return split;
}

QString ForecastLabPage::message() const {
  return message_->text();
}

void ForecastLabPage::showMessage(const QString& text, bool error) {
  message_->setText(text);
  message_->setStyleSheet(error ? QStringLiteral("color: #d0312d;") : QString());
}

void ForecastLabPage::setBusy(bool busy) {
  run_button_->setEnabled(!busy);
  cancel_button_->setEnabled(busy);
  export_button_->setEnabled(!busy && run_ != nullptr && run_->lstm != nullptr);
  path_->setEnabled(!busy);
  progress_->setVisible(busy);
}

void ForecastLabPage::pickSeries() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open a series"), path_->text(),
      tr("Count series and captures (*.csv *.capture);;All files (*)"));
  if (!path.isEmpty()) {
    loadSeries(path);
  }
}

void ForecastLabPage::loadSeries(const QString& path) {
  if (busy()) {
    return;
  }
  path_->setText(path);
  const std::string file = path.toStdString();
  const std::string offset = utc_offset_->text().trimmed().toStdString();
  auto series = std::make_shared<CountSeries>();
  setBusy(true);
  progress_->setRange(0, 0);
  showMessage(tr("Reading %1…").arg(path), false);
  task_->start([file, offset, series](const std::atomic<bool>&) {
    *series = loadLabSeries(file, parseLabUtcOffset(offset));
  });
  auto* connection = new QMetaObject::Connection;
  *connection = connect(
      task_, &BackgroundTask::finished, this,
      [this, connection, series](BackgroundTask::Outcome how, const QString& t) {
        disconnect(*connection);
        delete connection;
        setBusy(false);
        const bool ok = how == BackgroundTask::Outcome::kOk;
        if (ok) {
          series_ = series;
          showMessage(QString::fromStdString(series->source + ": " + describeSeries(*series)),
                      false);
          drawActual(0);
        } else {
          showMessage(t, true);
        }
        emit seriesLoaded(ok, message());
      });
}

bool ForecastLabPage::runBacktest() {
  if (busy() || path_->text().isEmpty()) {
    return false;
  }
  const std::string file = path_->text().toStdString();
  const std::string offset = utc_offset_->text().trimmed().toStdString();
  LabOptions options;
  options.with_lstm = with_lstm_->isChecked();
  options.lstm_epochs = epochs_->value();
  auto series = std::make_shared<CountSeries>();
  auto run = std::make_shared<LabRun>();
  train_loss_->clear();
  validation_loss_->clear();
  metrics_->clear();
  stages_done_ = 0;
  progress_->setRange(0, 2 * (options.with_lstm ? 5 : 4));
  progress_->setValue(0);
  LabHooks hooks;
  hooks.on_stage = [this](const std::string& name, const std::string& stage) {
    const QString text = QString::fromStdString((stage == "fit" ? "fitting " : "scoring ") + name);
    task_->post([this, text] {
      progress_->setValue(stages_done_++);
      showMessage(text + QStringLiteral("…"), false);
    });
  };
  hooks.on_epoch = [this](const EpochReport& e) { task_->post([this, e] { addEpoch(e); }); };
  setBusy(true);
  showMessage(tr("Reading %1…").arg(path_->text()), false);
  task_->start([file, offset, options, hooks, series, run](const std::atomic<bool>& cancelled) {
    *series = loadLabSeries(file, parseLabUtcOffset(offset));
    *run = std::move(*runLab(*series, options, hooks, cancelled));
  });
  auto* connection = new QMetaObject::Connection;
  *connection =
      connect(task_, &BackgroundTask::finished, this,
              [this, connection, run, series](BackgroundTask::Outcome how, const QString& text) {
                disconnect(*connection);
                delete connection;
                finishBacktest(how, text, run, series);
              });
  return true;
}

void ForecastLabPage::finishBacktest(BackgroundTask::Outcome how, const QString& text,
                                     std::shared_ptr<LabRun> run,
                                     std::shared_ptr<CountSeries> series) {
  const bool ok = how == BackgroundTask::Outcome::kOk;
  if (ok) {
    run_ = std::move(run);
    series_ = std::move(series);
    metrics_->setResult(run_->result);
    const BacktestResult& r = run_->result;
    showMessage(tr("%1: %2\nTrained on %3 buckets up to %4 (%5 missing), tested on %6 (%7 "
                   "missing); MASE scale %8.")
                    .arg(QString::fromStdString(series_->source),
                         QString::fromStdString(describeSeries(*series_)))
                    .arg(r.train)
                    .arg(QString::fromStdString(r.split_civil))
                    .arg(r.missing_train)
                    .arg(r.test)
                    .arg(r.missing_test)
                    .arg(r.mase_scale, 0, 'f', 3),
                false);
    const QSignalBlocker block(forecaster_);
    forecaster_->clear();
    for (const ForecasterScore& f : r.forecasters) {
      forecaster_->addItem(QString::fromStdString(f.name));
    }
    forecaster_->setCurrentIndex(forecaster_->count() - 1);
  } else if (how == BackgroundTask::Outcome::kCancelled) {
    showMessage(tr("Cancelled."), true);
  } else {
    showMessage(text, true);
  }
  setBusy(false);
  if (ok) {
    showForecast();
  }
  emit backtestFinished(ok, message());
}

void ForecastLabPage::cancel() {
  task_->cancel();
}

void ForecastLabPage::addEpoch(const EpochReport& e) {
  train_loss_->append(e.epoch, e.train_loss);
  validation_loss_->append(e.epoch, e.validation_loss);
  double lo = INFINITY;
  double hi = -INFINITY;
  for (QLineSeries* s : {train_loss_, validation_loss_}) {
    for (const QPointF& p : s->points()) {
      lo = std::min(lo, p.y());
      hi = std::max(hi, p.y());
    }
  }
  auto* x = qobject_cast<QValueAxis*>(loss_chart_->axes(Qt::Horizontal).front());
  auto* y = qobject_cast<QValueAxis*>(loss_chart_->axes(Qt::Vertical).front());
  x->setRange(1, std::max(2, e.epoch));
  x->setTickCount(std::min(e.epoch, 10) + (e.epoch < 2 ? 1 : 0));
  fitAxis(y, lo, hi);
  showMessage(tr("LSTM epoch %1: training %2, validation %3%4")
                  .arg(e.epoch)
                  .arg(e.train_loss, 0, 'f', 5)
                  .arg(e.validation_loss, 0, 'f', 5)
                  .arg(e.improved ? tr(" (best so far)") : QString()),
              false);
}

void ForecastLabPage::drawActual(std::size_t from) {
  QList<QPointF> points;
  double lo = INFINITY;
  double hi = -INFINITY;
  for (std::size_t i = from; series_ && i < series_->points.size(); ++i) {
    const SeriesPoint& p = series_->points[i];
    if (!p.missing) {
      points.append(QPointF(msOf(p.t), p.value));
      lo = std::min(lo, p.value);
      hi = std::max(hi, p.value);
    }
  }
  actual_->replace(points);
  median_->clear();
  band_lower_->clear();
  band_upper_->clear();
  if (points.isEmpty()) {
    return;
  }
  auto* x = qobject_cast<QDateTimeAxis*>(forecast_chart_->axes(Qt::Horizontal).front());
  x->setRange(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(points.front().x())),
              QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(points.back().x())));
  fitAxis(qobject_cast<QValueAxis*>(forecast_chart_->axes(Qt::Vertical).front()), lo, hi);
}

void ForecastLabPage::showForecast() {
  if (run_ == nullptr || series_ == nullptr || forecaster_->currentIndex() < 0) {
    return;
  }
  const ForecastTrace* trace =
      run_->trace(forecaster_->currentText().toStdString(), horizon_->currentData().toInt());
  drawActual(run_->result.train);
  if (trace == nullptr) {
    return;
  }
  QList<QPointF> median, lower, upper;
  double hi = 0;
  for (std::size_t i = 0; i < trace->target.size(); ++i) {
    const double x = msOf(series_->points[trace->target[i]].t);
    median.append(QPointF(x, trace->median[i]));
    lower.append(QPointF(x, trace->lower[i]));
    upper.append(QPointF(x, trace->upper[i]));
    hi = std::max(hi, trace->upper[i]);
  }
  median_->replace(median);
  band_lower_->replace(lower);
  band_upper_->replace(upper);
  band_->setName(tr("quantile band %1 .. %2").arg(trace->lower_level).arg(trace->upper_level));
  auto* y = qobject_cast<QValueAxis*>(forecast_chart_->axes(Qt::Vertical).front());
  if (hi > y->max()) {
    y->setMax(hi * 1.05);
  }
}

bool ForecastLabPage::exportModel(const QString& dir) {
  if (busy() || run_ == nullptr || run_->lstm == nullptr) {
    return false;
  }
  QString target = dir;
  if (target.isEmpty()) {
    target = QFileDialog::getExistingDirectory(this, tr("Export the LSTM into"));
    if (target.isEmpty()) {
      return false;
    }
  }
  auto report = std::make_shared<ExportReport>();
  std::shared_ptr<LabRun> run = run_;
  setBusy(true);
  progress_->setRange(0, 0);
  showMessage(tr("Exporting to %1…").arg(target), false);
  task_->start([run, report, folder = target.toStdString()](const std::atomic<bool>&) {
    *report = exportLabModel(*run, folder);
  });
  auto* connection = new QMetaObject::Connection;
  *connection =
      connect(task_, &BackgroundTask::finished, this,
              [this, connection, report](BackgroundTask::Outcome how, const QString& t) {
                disconnect(*connection);
                delete connection;
                setBusy(false);
                const bool ok = how == BackgroundTask::Outcome::kOk;
                showMessage(ok ? tr("Wrote %1 and %2 (checked: max difference %3 from the "
                                    "model's forecast).")
                                     .arg(QString::fromStdString(report->model_path),
                                          QString::fromStdString(report->sidecar_path))
                                     .arg(report->max_abs_difference, 0, 'g', 2)
                               : t + tr("\nNothing was written."),
                            !ok);
                emit exportFinished(ok, message());
              });
  return true;
}

}  // namespace shadowscale::studio
