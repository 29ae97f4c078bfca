#include "app/studio/runs/run_page.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "app/studio/models/studio_settings.h"
#include "app/studio/runs/run_controller.h"
#include "app/studio/runs/threshold_model.h"
#include "core/input_error.h"
#include "scenarios/scenario_loader.h"

namespace shadowscale::studio {

RunPage::RunPage(QWidget* parent) : QWidget(parent) {
  controller_ = new RunController(this);
  thresholds_ = new ThresholdModel(this);
  buildUi();
  views_.push_back(charts_);
  connect(controller_, &RunController::rowsArrived, this, [this] {
    for (RunCharts* view : views_) {
      view->refresh();
    }
  });
  connect(controller_, &RunController::progressed, this, &RunPage::onProgress);
  connect(controller_, &RunController::setupFinished, this, &RunPage::onSetupFinished);
  connect(controller_, &RunController::finished, this, &RunPage::onFinished);
  setBusy(false);
}

void RunPage::buildUi() {
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout();
  scenario_edit_ = new QLineEdit();
  scenario_edit_->setPlaceholderText(tr("a scenario file, e.g. scenarios/default.textproto"));
  scenario_edit_->setToolTip(tr("The scenario to run (File > Open scenario, Ctrl+O)"));
  // Typing a path runs that file, not the Scenario page's text.
  connect(scenario_edit_, &QLineEdit::textEdited, this, [this] { edited_.reset(); });
  auto* browse = new QPushButton(tr("Browse…"));
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Scenario"), scenarioPath(),
                                                      tr("Scenarios (*.textproto);;All (*)"));
    if (!path.isEmpty()) {
      setScenarioPath(path);
    }
  });
  auto* scenario_row = new QHBoxLayout();
  scenario_row->addWidget(scenario_edit_);
  scenario_row->addWidget(browse);
  form->addRow(tr("Scenario"), scenario_row);
  out_edit_ = new QLineEdit();
  out_edit_->setPlaceholderText(tr("out/<scenario name>, as the CLI writes"));
  out_edit_->setToolTip(
      tr("Where summary.json, intervals.csv, junit.xml and report.html go. "
         "An earlier run there is replaced only when this run ends well."));
  auto* pick = new QPushButton(tr("Choose…"));
  connect(pick, &QPushButton::clicked, this, [this] {
    StudioSettings settings;
    const QString start = outputFolder().isEmpty() ? settings.lastOutputFolder() : outputFolder();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Output folder"), start);
    if (!dir.isEmpty()) {
      setOutputFolder(dir);
      settings.setLastOutputFolder(dir);
    }
  });
  auto* out_row = new QHBoxLayout();
  out_row->addWidget(out_edit_);
  out_row->addWidget(pick);
  form->addRow(tr("Output folder"), out_row);
  layout->addLayout(form);

  auto* buttons = new QHBoxLayout();
  run_button_ = new QPushButton(tr("Run"));
  run_button_->setToolTip(tr("Run every setup of the scenario on the same traffic (F5)"));
  cancel_button_ = new QPushButton(tr("Cancel"));
  cancel_button_->setToolTip(tr("Stop the run; nothing is written (Esc)"));
  connect(run_button_, &QPushButton::clicked, this, &RunPage::run);
  connect(cancel_button_, &QPushButton::clicked, this, &RunPage::cancel);
  status_ = new QLabel(tr("Open a scenario and press Run (F5)."));
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  buttons->addWidget(run_button_);
  buttons->addWidget(cancel_button_);
  buttons->addWidget(status_, 1);
  layout->addLayout(buttons);

  auto* split = new QSplitter(Qt::Horizontal);
  auto* side = new QWidget();
  auto* side_layout = new QVBoxLayout(side);
  side_layout->setContentsMargins(0, 0, 0, 0);
  auto* progress_group = new QGroupBox(tr("Progress per setup"));
  progress_box_ = new QVBoxLayout(progress_group);
  side_layout->addWidget(progress_group);
  auto* threshold_group = new QGroupBox(tr("Thresholds"));
  auto* tl = new QVBoxLayout(threshold_group);
  threshold_view_ = new QTableView();
  threshold_view_->setModel(thresholds_);
  threshold_view_->horizontalHeader()->setStretchLastSection(true);
  threshold_view_->verticalHeader()->hide();
  threshold_view_->setWordWrap(false);
  threshold_view_->setToolTip(tr("Each threshold is judged as soon as its setup has finished"));
  tl->addWidget(threshold_view_);
  side_layout->addWidget(threshold_group, 1);
  split->addWidget(side);
  charts_ = new RunCharts();
  auto* scroll = new QScrollArea();
  scroll->setWidget(charts_);
  scroll->setWidgetResizable(true);
  charts_->setMinimumHeight(4 * 260);
  split->addWidget(scroll);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({420, 900});
  layout->addWidget(split, 1);
}

void RunPage::addChartsView(RunCharts* charts) {
  views_.push_back(charts);
}

void RunPage::setScenarioPath(const QString& path) {
  edited_.reset();
  scenario_edit_->setText(path);
  scenario_edit_->setToolTip(tr("The scenario to run (File > Open scenario, Ctrl+O)"));
}

void RunPage::setEditedScenario(const QString& text, const QString& name, const QString& base_dir) {
  edited_ = EditedScenario{text, name, base_dir};
  scenario_edit_->setText(tr("%1 (as the Scenario page holds it, not saved)").arg(name));
  scenario_edit_->setToolTip(
      tr("The Scenario page's text is run as it is now; save it there to run the file. "
         "Type a path to run another file."));
}

QString RunPage::scenarioPath() const {
  return edited_ ? QString() : scenario_edit_->text().trimmed();
}

void RunPage::setOutputFolder(const QString& path) {
  out_edit_->setText(path);
}

QString RunPage::outputFolder() const {
  return out_edit_->text().trimmed();
}

QString RunPage::statusText() const {
  return status_->text();
}

void RunPage::showStatus(const QString& text, bool error) {
  status_->setText(text);
  status_->setStyleSheet(error ? "color: #d03b2e; font-weight: 600;" : "");
}

void RunPage::setBusy(bool busy) {
  run_button_->setEnabled(!busy);
  cancel_button_->setEnabled(busy);
  scenario_edit_->setReadOnly(busy);
  out_edit_->setReadOnly(busy);
}

void RunPage::run() {
  if (controller_->running()) {
    return;
  }
  Scenario scenario;
  try {
    if (edited_) {
      scenario = parseScenarioText(edited_->text.toStdString(), edited_->name.toStdString(),
                                   edited_->base_dir.toStdString());
    } else if (scenarioPath().isEmpty()) {
      throw InputError("no scenario: open one (Ctrl+O) or type its path");
    } else {
      scenario = loadScenarioFile(scenarioPath().toStdString());
    }
  } catch (const std::exception& e) {
    last_status_ = 2;
    showStatus(tr("exit status 2 (bad input): %1").arg(QString::fromStdString(e.what())), true);
    emit runFinished(2, QString::fromStdString(e.what()));
    return;
  }
  if (outputFolder().isEmpty()) {
    setOutputFolder(QDir("out").filePath(QString::fromStdString(scenario.name)));
  }
  thresholds_->reset(scenario);
  threshold_view_->resizeColumnsToContents();
  figures_.clear();
  for (QProgressBar* bar : progress_bars_) {
    bar->deleteLater();
  }
  progress_bars_.clear();
  for (const SetupSpec& s : scenario.setups) {
    auto* bar = new QProgressBar();
    bar->setRange(0, 1000);
    bar->setFormat(QString::fromStdString(s.name) + "  %p%");
    progress_box_->addWidget(bar);
    progress_bars_.push_back(bar);
  }
  controller_->start(scenario, outputFolder());
  for (RunCharts* view : views_) {
    view->setRuns({RunView{"",
                           &controller_->table(),
                           {},
                           toSeconds(scenario.warmup),
                           toMillis(scenario.slo.latency_target),
                           scenario.slo.percentile}});
  }
  setBusy(true);
  showStatus(tr("running %1 (%2 setups, seed %3)…")
                 .arg(QString::fromStdString(scenario.name))
                 .arg(scenario.setups.size())
                 .arg(scenario.seed),
             false);
}

void RunPage::cancel() {
  if (controller_->running()) {
    controller_->cancel();
    showStatus(tr("cancelling…"), false);
  }
}

void RunPage::onProgress(const QVector<double>& share) {
  for (std::size_t i = 0; i < progress_bars_.size() && i < std::size_t(share.size()); ++i) {
    progress_bars_[i]->setValue(static_cast<int>(share[static_cast<int>(i)] * 1000));
  }
}

void RunPage::onSetupFinished(const SetupResult& result) {
  thresholds_->setResult(result);
  threshold_view_->resizeColumnsToContents();
  figures_.push_back(figuresOf(result.name, result.metrics));
  for (RunCharts* view : views_) {
    view->setFigures(0, figures_);
  }
}

void RunPage::onFinished(int status, const QString& message) {
  setBusy(false);
  last_status_ = status;
  if (status == 0 || status == 99) {
    // Every setup ran to its end; the engine's last progress report may come before that.
    for (QProgressBar* bar : progress_bars_) {
      bar->setValue(bar->maximum());
    }
  }
  for (RunCharts* view : views_) {
    view->refresh();
  }
  using State = ThresholdModel::State;
  switch (status) {
    case RunController::kCancelled:
      showStatus(message, false);
      break;
    case 0:
    case 99: {
      const int failed = thresholds_->count(State::kFail);
      const int total = thresholds_->rowCount();
      const QString verdict = failed == 0
                                  ? tr("all %1 thresholds held").arg(total)
                                  : tr("%1 of %2 thresholds crossed").arg(failed).arg(total);
      showStatus(tr("exit status %1: %2; %3").arg(status).arg(verdict, message), status != 0);
      break;
    }
    default:
      showStatus(tr("exit status %1 (%2): %3")
                     .arg(status)
                     .arg(status == 2 ? tr("bad input") : tr("failure"), message),
                 true);
  }
  emit runFinished(status, message);
}

}  // namespace shadowscale::studio
