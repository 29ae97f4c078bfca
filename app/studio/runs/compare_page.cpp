#include "app/studio/runs/compare_page.h"

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
#include "app/studio/runs/metric_diff_model.h"

namespace shadowscale::studio {

ComparePage::ComparePage(QWidget* parent) : QWidget(parent) {
  diff_ = new MetricDiffModel(this);
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
  top->addWidget(table_);
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
    addRun(dir);
  }
}

bool ComparePage::addRun(const QString& dir, QString* error) {
  try {
    auto run = std::make_unique<RunData>(loadRunFolder(QDir::cleanPath(dir).toStdString()));
    QString label = QFileInfo(QDir::cleanPath(dir)).fileName();
    if (std::find(labels_.begin(), labels_.end(), label) != labels_.end()) {
      label += QString(" (%1)").arg(labels_.size() + 1);
    }
    runs_.push_back(std::move(run));
    labels_.push_back(label);
  } catch (const std::exception& e) {
    const QString message = QString::fromStdString(e.what());
    status_->setText(message);
    status_->setStyleSheet("color: #d03b2e; font-weight: 600;");
    if (error != nullptr) {
      *error = message;
    }
    return false;
  }
  rebuild();
  emit runOpened(dir);
  return true;
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
  table_->resizeColumnsToContents();
  charts_->setRuns(std::move(views));
  status_->setStyleSheet("");
  status_->setText(runs_.empty() ? tr("Add two or more run folders to compare them.")
                                 : tr("%n run(s) open. ", "", static_cast<int>(runs_.size())) +
                                       notes.join("; "));
}

}  // namespace shadowscale::studio
