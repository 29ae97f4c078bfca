#include "app/studio/pages/import_page.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include <limits>
#include <memory>

#include "app/studio/models/background_task.h"
#include "app/studio/models/bad_line_model.h"
#include "app/studio/models/import_job.h"

namespace shadowscale::studio {

namespace {

// The format choices in the order the combo box lists them; the first detects.
struct FormatChoice {
  const char* label;
  std::optional<ImportFormat> format;
};
const FormatChoice kFormats[] = {
    {"Detect from the file", std::nullopt},
    {"Combined Log Format (Apache, NGINX default)", ImportFormat::kCombined},
    {"Common Log Format (Apache common)", ImportFormat::kClf},
    {"NGINX log_format", ImportFormat::kNginx},
    {"Count series (time,count)", ImportFormat::kCounts},
    {"GoReplay .gor", ImportFormat::kGor},
};

QString utcText(TimeNs unix_ns) {
  return QDateTime::fromMSecsSinceEpoch(unix_ns / 1000000, Qt::UTC).toString(Qt::ISODate);
}

}  // namespace

ImportPage::ImportPage(QWidget* parent)
    : QWidget(parent), task_(new BackgroundTask(this)), bad_lines_(new BadLineModel(this)) {
  setAcceptDrops(true);
  buildUi();
  setBusy(false);
}

void ImportPage::buildUi() {
  drop_zone_ =
      new QLabel(tr("Drop an access log or a GoReplay .gor file here, or pick one "
                    "(Ctrl+O). It becomes a capture the scenarios can replay."));
  drop_zone_->setAlignment(Qt::AlignCenter);
  drop_zone_->setWordWrap(true);
  drop_zone_->setMinimumHeight(64);
  drop_zone_->setFrameStyle(QFrame::StyledPanel | QFrame::Sunken);

  input_ = new QLineEdit;
  input_->setObjectName("input");
  input_->setPlaceholderText(tr("access.log, requests.gor, counts.csv"));
  input_->setToolTip(tr("The log to convert"));
  auto* pick = new QPushButton(tr("Pick…"));
  pick->setToolTip(tr("Choose the log to convert (Ctrl+O)"));
  connect(pick, &QPushButton::clicked, this, &ImportPage::pickInput);
  auto* input_row = new QHBoxLayout;
  input_row->addWidget(input_, 1);
  input_row->addWidget(pick);

  format_ = new QComboBox;
  format_->setObjectName("format");
  for (const FormatChoice& choice : kFormats) {
    format_->addItem(tr(choice.label));
  }
  format_->setToolTip(
      tr("The input's format; detection tries the importers' parsers on its first lines"));
  nginx_format_ = new QLineEdit;
  nginx_format_->setObjectName("nginxFormat");
  nginx_format_->setPlaceholderText(
      tr("$remote_addr - $remote_user [$time_local] \"$request\" $status $request_time"));
  nginx_format_->setToolTip(tr("The log_format string of your NGINX configuration"));
  connect(format_, &QComboBox::currentIndexChanged, this,
          [this](int i) { nginx_format_->setEnabled(kFormats[i].format == ImportFormat::kNginx); });
  nginx_format_->setEnabled(false);

  max_bad_ = new QSpinBox;
  max_bad_->setObjectName("maxBad");
  max_bad_->setRange(0, std::numeric_limits<int>::max());
  max_bad_->setToolTip(
      tr("Bad lines skipped (and listed below) before the import fails; with "
         "more, nothing is written (the command line's --max-bad)"));

  output_ = new QLineEdit;
  output_->setObjectName("output");
  output_->setToolTip(tr("The capture to write; it is written whole or not at all"));

  auto* form = new QFormLayout;
  form->addRow(tr("Input"), input_row);
  form->addRow(tr("&Format"), format_);
  form->addRow(tr("NGINX log_format"), nginx_format_);
  form->addRow(tr("Bad lines &allowed"), max_bad_);
  form->addRow(tr("&Capture"), output_);

  import_button_ = new QPushButton(tr("Import"));
  import_button_->setObjectName("importButton");
  import_button_->setToolTip(tr("Convert the input to a capture (Ctrl+Return)"));
  import_button_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
  connect(import_button_, &QPushButton::clicked, this, &ImportPage::startImport);
  cancel_button_ = new QPushButton(tr("Cancel"));
  cancel_button_->setObjectName("cancelButton");
  cancel_button_->setToolTip(tr("Stop the import; nothing is written (Esc)"));
  cancel_button_->setShortcut(QKeySequence(Qt::Key_Escape));
  connect(cancel_button_, &QPushButton::clicked, this, &ImportPage::cancelImport);
  progress_ = new QProgressBar;
  progress_->setRange(0, 1000);
  progress_->setTextVisible(false);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(import_button_);
  buttons->addWidget(cancel_button_);
  buttons->addWidget(progress_, 1);

  message_ = new QLabel;
  message_->setWordWrap(true);
  message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  table_ = new QTableView;
  table_->setObjectName("badLines");
  table_->setModel(bad_lines_);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->hide();
  table_->setToolTip(tr("Lines the import skipped, within the budget, and why"));

  auto* open = new QAction(tr("Pick an input"), this);
  open->setShortcut(QKeySequence::Open);
  open->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  connect(open, &QAction::triggered, this, &ImportPage::pickInput);
  addAction(open);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(drop_zone_);
  layout->addLayout(form);
  layout->addLayout(buttons);
  layout->addWidget(message_);
  layout->addWidget(new QLabel(tr("Bad lines")));
  layout->addWidget(table_, 1);
}

QString ImportPage::droppedFile(const QMimeData* mime) {
  if (mime == nullptr || !mime->hasUrls() || mime->urls().isEmpty()) {
    return {};
  }
  const QUrl url = mime->urls().front();
  return url.isLocalFile() ? url.toLocalFile() : QString();
}

QString ImportPage::message() const {
  return message_->text();
}

bool ImportPage::busy() const {
  return task_->running();
}

void ImportPage::dragEnterEvent(QDragEnterEvent* event) {
  if (!droppedFile(event->mimeData()).isEmpty() && !busy()) {
    event->acceptProposedAction();
  }
}

void ImportPage::dropEvent(QDropEvent* event) {
  const QString path = droppedFile(event->mimeData());
  if (!path.isEmpty()) {
    event->acceptProposedAction();
    importFile(path);
  }
}

void ImportPage::pickInput() {
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Import a log"), input_->text(),
                                   tr("Logs (*.log *.gor *.csv *_log *.txt);;All files (*)"));
  if (!path.isEmpty()) {
    importFile(path);
  }
}

void ImportPage::importFile(const QString& path) {
  if (busy()) {
    return;
  }
  input_->setText(path);
  output_->setText(QString::fromStdString(defaultCaptureOutput(path.toStdString())));
  startImport();
}

bool ImportPage::startImport() {
  if (busy() || input_->text().isEmpty()) {
    return false;
  }
  ImportRequest request;
  request.input = input_->text().toStdString();
  request.output = output_->text().isEmpty() ? defaultCaptureOutput(request.input)
                                             : output_->text().toStdString();
  output_->setText(QString::fromStdString(request.output));
  request.format = kFormats[format_->currentIndex()].format;
  request.nginx_format = nginx_format_->text().toStdString();
  request.max_bad = max_bad_->value();
  bad_lines_->clear();
  showMessage(tr("Importing %1…").arg(input_->text()), false);
  progress_->setValue(0);

  auto outcome = std::make_shared<ImportOutcome>();
  ImportHooks hooks;
  hooks.on_bad_line = [this](const ImportBadLine& bad) {
    task_->post([this, bad] { bad_lines_->append(bad); });
  };
  hooks.on_progress = [this](const ImportProgress& p) {
    if (p.total_bytes > 0) {
      const int permille = static_cast<int>(1000.0 * static_cast<double>(p.bytes_read) /
                                            static_cast<double>(p.total_bytes));
      task_->post([this, permille] { progress_->setValue(permille); });
    }
  };
  setBusy(true);
  task_->start([request, hooks, outcome](const std::atomic<bool>& cancelled) {
    *outcome = runImport(request, hooks, cancelled);
  });
  // One connection per import: it reads this import's outcome.
  auto* connection = new QMetaObject::Connection;
  *connection =
      connect(task_, &BackgroundTask::finished, this,
              [this, outcome, connection](BackgroundTask::Outcome how, const QString& text) {
                disconnect(*connection);
                delete connection;
                finishImport(how, text, *outcome);
              });
  return true;
}

void ImportPage::finishImport(BackgroundTask::Outcome how, const QString& text,
                              const ImportOutcome& outcome) {
  setBusy(false);
  const bool ok = how == BackgroundTask::Outcome::kOk;
  if (ok) {
    showMessage(summary(outcome), false);
  } else if (how == BackgroundTask::Outcome::kCancelled) {
    showMessage(tr("Cancelled; nothing was written."), true);
  } else {
    showMessage(text + tr("\nNothing was written."), true);
  }
  emit importFinished(ok, output_->text(), message());
}

void ImportPage::cancelImport() {
  task_->cancel();
}

void ImportPage::setBusy(bool busy) {
  import_button_->setEnabled(!busy);
  cancel_button_->setEnabled(busy);
  progress_->setVisible(busy);
  input_->setEnabled(!busy);
  output_->setEnabled(!busy);
  if (!busy) {
    progress_->setValue(0);
  }
}

void ImportPage::showMessage(const QString& text, bool error) {
  message_->setText(text);
  message_->setStyleSheet(error ? QStringLiteral("color: #d0312d;") : QString());
}

QString ImportPage::summary(const ImportOutcome& outcome) const {
  const ImportResult& r = outcome.result;
  const QLocale locale;
  QString text = tr("Imported %1 requests from %2 (%3) to %4.")
                     .arg(locale.toString(static_cast<qulonglong>(r.records)))
                     .arg(QFileInfo(input_->text()).fileName())
                     .arg(QString::fromUtf8(importFormatName(outcome.format)))
                     .arg(output_->text());
  text += tr("\nLines %1 (%2 bad, %3 skipped); output %4.")
              .arg(locale.toString(static_cast<qulonglong>(r.lines)))
              .arg(r.bad_lines)
              .arg(r.skipped)
              .arg(locale.formattedDataSize(static_cast<qint64>(r.output_bytes), 1,
                                            QLocale::DataSizeSIFormat));
  if (r.records > 0) {
    text +=
        tr("\nTime range %1 .. %2 (UTC).").arg(utcText(r.first_unix_ns), utcText(r.last_unix_ns));
  }
  return text;
}

}  // namespace shadowscale::studio
