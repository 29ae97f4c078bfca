#include "app/studio/runs/compare_page.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "app/studio/charts/run_charts.h"
#include "app/studio/models/background_task.h"
#include "app/studio/runs/metric_diff_model.h"

namespace shadowscale::studio {

ComparePage::ComparePage(QWidget* parent) : QWidget(parent) {
  diff_ = new MetricDiffModel(this);
  reader_ = new BackgroundTask(this);
  connect(reader_, &BackgroundTask::finished, this,
          [this](BackgroundTask::Outcome outcome, const QString& message) {
            if (outcome == BackgroundTask::Outcome::kOk) {
              accept(reading_dir_, std::make_unique<RunData>(std::move(*being_read_)));
            } else {
              reject(message);
            }
            being_read_.reset();
            readNext();
          });
  auto* layout = new QVBoxLayout(this);
  auto* bar = new QHBoxLayout();
  auto* add = new QPushButton(tr("Add run folder…"));
  add->setToolTip(
      tr("Open the output folder of a run, from the CLI or the studio "
         "(Ctrl+Shift+O)"));
  auto* clear = new QPushButton(tr("Clear"));
  clear->setToolTip(tr("Close every run on this page"));
  connect(add, &QPushButton::clicked, this, &ComparePage::pickRun);
  connect(clear, &QPushButton::clicked, this, &ComparePage::clearRuns);
  status_ = new QLabel(tr("Add two or more run folders to compare them."));
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  bar->addWidget(add);
  bar->addWidget(clear);
  bar->addWidget(status_, 1);
  layout->addLayout(bar);

  auto* split = new QSplitter(Qt::Vertical);
  auto* top = new QSplitter(Qt::Horizontal);
  list_ = new QListWidget();
  list_->setToolTip(tr("The runs compared, first to last; changes are last against first"));
  top->addWidget(list_);
  table_ = new QTableView();
  table_->setModel(diff_);
  table_->setSortingEnabled(false);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setToolTip(
      tr("The metrics that differ, the largest relative difference from the first run at the "
         "top"));
  // The metrics alike in every run are many (a run changed in one setting moves a few): they
  // are collapsed under the switch, so the table opens on what changed.
  show_unchanged_ = new QCheckBox();
  show_unchanged_->setToolTip(
      tr("List the metrics every run has alike under the ones that differ"));
  connect(show_unchanged_, &QCheckBox::toggled, this, [this](bool on) {
    diff_->setShowUnchanged(on);
    table_->resizeColumnsToContents();
  });
  auto* table_box = new QWidget();
  auto* table_layout = new QVBoxLayout(table_box);
  table_layout->setContentsMargins(0, 0, 0, 0);
  table_layout->addWidget(table_, 1);
  table_layout->addWidget(show_unchanged_);
  top->addWidget(table_box);
  top->setSizes({250, 900});
  split->addWidget(top);
  charts_ = new RunCharts();
  charts_->setMinimumHeight(4 * 260);
  auto* scroll = new QScrollArea();
  scroll->setWidget(charts_);
  scroll->setWidgetResizable(true);
  split->addWidget(scroll);
  split->setSizes({260, 700});
  layout->addWidget(split, 1);
}

QString ComparePage::statusText() const {
  return status_->text();
}

void ComparePage::pickRun() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Run folder"), "out");
  if (!dir.isEmpty()) {
    openRun(dir);
  }
}

bool ComparePage::addRun(const QString& dir, QString* error) {
  errors_.clear();
  try {
    accept(dir, std::make_unique<RunData>(loadRunFolder(QDir::cleanPath(dir).toStdString())));
    return true;
  } catch (const std::exception& e) {
    const QString message = QString::fromStdString(e.what());
    reject(message);
    if (error != nullptr) {
      *error = message;
    }
    return false;
  }
}

void ComparePage::openRun(const QString& dir) {
  if (!loading()) {
    errors_.clear();  // a new batch
  }
  to_read_.push_back(dir);
  readNext();
}

bool ComparePage::loading() const {
  return reader_->running() || !to_read_.empty();
}

void ComparePage::readNext() {
  if (reader_->running() || to_read_.empty()) {
    return;
  }
  reading_dir_ = to_read_.front();
  to_read_.pop_front();
  being_read_ = std::make_shared<RunData>();
  status_->setStyleSheet("");
  status_->setText(tr("reading %1…").arg(reading_dir_));
  const std::string path = QDir::cleanPath(reading_dir_).toStdString();
  reader_->start(
      [slot = being_read_, path](const std::atomic<bool>&) { *slot = loadRunFolder(path); });
}

void ComparePage::accept(const QString& dir, std::unique_ptr<RunData> run) {
  QString label = QFileInfo(QDir::cleanPath(dir)).fileName();
  if (std::find(labels_.begin(), labels_.end(), label) != labels_.end()) {
    label += QString(" (%1)").arg(labels_.size() + 1);
  }
  runs_.push_back(std::move(run));
  labels_.push_back(label);
  rebuild();
  emit runOpened(dir);
}

void ComparePage::reject(const QString& message) {
  errors_ << message;
  status_->setText(errors_.join("; "));
  status_->setStyleSheet("color: #d03b2e; font-weight: 600;");
}

void ComparePage::clearRuns() {
  runs_.clear();
  labels_.clear();
  rebuild();
}

void ComparePage::rebuild() {
  list_->clear();
  std::vector<std::pair<QString, RunSummary>> summaries;
  std::vector<RunView> views;
  QStringList notes;
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    const RunData& r = *runs_[i];
    QString item = labels_[i] + "  (" + QString::fromStdString(r.dir) + ")";
    if (r.summary) {
      item += "\n  " + QString::fromStdString(r.summary->scenario) + ", seed " +
              QString::fromStdString(r.summary->seed);
    }
    list_->addItem(item);
    summaries.emplace_back(labels_[i], r.summary.value_or(RunSummary{}));
    RunView v{labels_[i], &r.intervals, {}, r.warmupS(), r.sloLatencyMs(), r.sloPercentile()};
    if (r.summary) {
      for (const auto& s : r.summary->setups) {
        v.figures.push_back(figuresOf(s.name, s.metrics));
      }
    }
    views.push_back(std::move(v));
    for (const std::string& n : r.notes) {
      notes << labels_[i] + ": " + QString::fromStdString(n);
    }
  }
  diff_->setRuns(std::move(summaries));
  const int alike = diff_->unchangedCount();
  show_unchanged_->setText(
      alike == 1 ? tr("Show the 1 metric that is the same in every run")
                 : tr("Show the %1 metrics that are the same in every run").arg(alike));
  show_unchanged_->setVisible(alike > 0);
  table_->resizeColumnsToContents();
  charts_->setRuns(std::move(views));
  QString text =
      runs_.empty() ? tr("Add two or more run folders to compare them.")
                    : tr("%n run(s) open. ", "", static_cast<int>(runs_.size())) + notes.join("; ");
  // A folder of the same batch that could not be read stays named after the others open.
  if (!errors_.isEmpty()) {
    text += (text.endsWith(' ') ? "" : " ") + errors_.join("; ");
  }
  status_->setStyleSheet(errors_.isEmpty() ? "" : "color: #d03b2e; font-weight: 600;");
  status_->setText(text);
}

}  // namespace shadowscale::studio
