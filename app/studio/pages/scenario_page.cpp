#include "app/studio/pages/scenario_page.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QTextBlock>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <stdexcept>

#include "app/studio/models/background_task.h"
#include "app/studio/models/scenario_highlighter.h"
#include "app/studio/models/scenario_text.h"
#include "app/studio/models/setup_table_model.h"
#include "app/studio/models/studio_settings.h"
#include "io/atomic_file.h"
#include "scenarios/scenario.pb.h"

namespace shadowscale::studio {

namespace {

// How long typing must pause before the loader checks the text: long enough not to check
// every keystroke, short enough to feel immediate.
constexpr int kCheckDelayMs = 400;

// What a form field holds, for its validator.
enum class Kind { kText, kInteger, kNumber };

// One line of the form: a scalar field of the scenario.
struct FieldSpec {
  const char* group;
  const char* path;
  const char* label;
  Kind kind;
  const char* fallback;  // the loader's default, shown when the field is not written
  const char* tip;
};

const FieldSpec kFieldSpecs[] = {
    {"Scenario", "name", "Name", Kind::kText, "the file name", "Names the run in reports"},
    {"Scenario", "seed", "Seed", Kind::kInteger, "1",
     "One run seed; the same seed gives the same numbers"},
    {"Scenario", "interval", "Interval", Kind::kText, "1m", "Length of one output row"},
    {"Scenario", "warmup", "Warm-up", Kind::kText, "0s",
     "The first part of the run results leave out"},
    {"Traffic", "traffic.duration", "Duration", Kind::kText, "7d",
     "How long the traffic runs; \"0\" = the source's own length"},
    {"Traffic", "traffic.synthetic.base_rate", "Base rate", Kind::kText, "100/s",
     "Mean request rate of the synthetic traffic"},
    {"Traffic", "traffic.count_csv.path", "Count CSV", Kind::kText, "",
     "The count series (time,count), relative to the scenario's folder"},
    {"Traffic", "traffic.capture.path", "Capture", Kind::kText, "",
     "A capture written by `shadowscale import`, relative to the scenario's folder"},
    {"Live pool", "live_pool.initial_instances", "Initial", Kind::kInteger, "1",
     "Instances ready at the start"},
    {"Live pool", "live_pool.min_instances", "Minimum", Kind::kInteger, "0",
     "Fewest instances the pool keeps"},
    {"Live pool", "live_pool.max_instances", "Maximum", Kind::kInteger, "1000",
     "Most instances the pool may have"},
    {"Live pool", "live_pool.cpu", "CPU each", Kind::kNumber, "1", "CPUs per instance"},
    {"Shadow pool", "shadow_pool.initial_instances", "Initial", Kind::kInteger, "1",
     "Shadow instances ready at the start (setups with a shadow pool)"},
    {"Shadow pool", "shadow_pool.min_instances", "Minimum", Kind::kInteger, "0",
     "Fewest shadow instances"},
    {"Shadow pool", "shadow_pool.max_instances", "Maximum", Kind::kInteger, "1000",
     "Most shadow instances"},
    {"SLO", "slo.latency_target", "Latency target", Kind::kText, "300ms",
     "The latency the percentile must stay under"},
    {"SLO", "slo.percentile", "Percentile", Kind::kNumber, "0.99",
     "Which percentile the target applies to, as a fraction"},
    {"SLO", "slo.error_budget", "Error budget", Kind::kNumber, "0.001",
     "Share of requests that may fail"},
};

QString firstCommentLine(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
    return {};
  }
  const QString line = QString::fromUtf8(file.readLine()).trimmed();
  return line.startsWith(u'#') ? line.mid(1).trimmed() : QString();
}

}  // namespace

// A form field and its editor.
struct ScenarioPage::FormField {
  QString path;
  QLineEdit* edit = nullptr;
  QFormLayout* layout = nullptr;
};

ScenarioPage::ScenarioPage(QWidget* parent)
    : QWidget(parent),
      setups_(new SetupTableModel(this)),
      debounce_(new QTimer(this)),
      checker_(new BackgroundTask(this)),
      parsed_(std::make_unique<ScenarioText>(std::string())) {
  editor_ = new QPlainTextEdit;
  editor_->setObjectName("scenarioEditor");
  editor_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  editor_->setLineWrapMode(QPlainTextEdit::NoWrap);
  editor_->setToolTip(
      tr("The scenario in Protobuf text format (docs/scenario-reference.md); "
         "problems are marked as you type"));
  highlighter_ = new ScenarioHighlighter(editor_->document());
  problem_ = new QLabel;
  problem_->setObjectName("problem");
  problem_->setWordWrap(true);
  problem_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  problem_->setToolTip(tr("What the scenario loader says (F8 goes to the problem)"));

  auto* bar = new QWidget;
  buildToolbar(bar);
  auto* left = new QWidget;
  auto* left_layout = new QVBoxLayout(left);
  left_layout->setContentsMargins(0, 0, 0, 0);
  left_layout->addWidget(editor_, 1);
  left_layout->addWidget(problem_);
  auto* splitter = new QSplitter;
  splitter->addWidget(left);
  splitter->addWidget(buildForm());
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(bar);
  layout->addWidget(splitter, 1);

  debounce_->setSingleShot(true);
  debounce_->setInterval(kCheckDelayMs);
  connect(debounce_, &QTimer::timeout, this, &ScenarioPage::checkNow);
  connect(editor_, &QPlainTextEdit::textChanged, this, &ScenarioPage::onTextChanged);
  connect(editor_->document(), &QTextDocument::modificationChanged, this,
          [this](bool modified) { emit titleChanged(displayName() + (modified ? " *" : "")); });
  connect(setups_, &SetupTableModel::editRequested, this, &ScenarioPage::setField,
          Qt::QueuedConnection);

  const QString default_template = QDir(templateDir()).filePath("default.textproto");
  if (QFileInfo::exists(default_template)) {
    newFromTemplate(default_template);
  }
}

ScenarioPage::~ScenarioPage() = default;

QString ScenarioPage::templateDir() {
  const QString env = qEnvironmentVariable("SHADOWSCALE_SCENARIOS_DIR");
  return env.isEmpty() ? QStringLiteral(SHADOWSCALE_SCENARIOS_DIR) : env;
}

void ScenarioPage::buildToolbar(QWidget* bar) {
  new_action_ = new QAction(tr("New from template"), this);
  new_action_->setShortcut(QKeySequence::New);
  new_action_->setToolTip(
      tr("Start a scenario from the shipped default (Ctrl+N); the arrow "
         "lists every shipped scenario"));
  connect(new_action_, &QAction::triggered, this, [this] {
    if (confirmDiscard()) {
      newFromTemplate(QDir(templateDir()).filePath("default.textproto"));
    }
  });
  open_action_ = new QAction(tr("Open…"), this);
  open_action_->setShortcut(QKeySequence::Open);
  open_action_->setToolTip(tr("Open a scenario file (Ctrl+O)"));
  connect(open_action_, &QAction::triggered, this, [this] {
    if (!confirmDiscard()) {
      return;
    }
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a scenario"), base_dir_,
                                                      tr("Scenarios (*.textproto);;All files (*)"));
    if (!path.isEmpty()) {
      openFile(path);
    }
  });
  save_action_ = new QAction(tr("Save"), this);
  save_action_->setShortcut(QKeySequence::Save);
  save_action_->setToolTip(tr("Save the scenario (Ctrl+S)"));
  connect(save_action_, &QAction::triggered, this, &ScenarioPage::save);
  save_as_action_ = new QAction(tr("Save as…"), this);
  save_as_action_->setShortcut(QKeySequence::SaveAs);
  save_as_action_->setToolTip(tr("Save the scenario to another file (Ctrl+Shift+S)"));
  connect(save_as_action_, &QAction::triggered, this, [this] { saveAs(); });
  auto* problem_action = new QAction(tr("Go to the problem"), this);
  problem_action->setShortcut(QKeySequence(Qt::Key_F8));
  connect(problem_action, &QAction::triggered, this, &ScenarioPage::goToProblem);
  for (QAction* a : {new_action_, open_action_, save_action_, save_as_action_, problem_action}) {
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(a);
  }

  template_menu_ = new QMenu(this);
  connect(template_menu_, &QMenu::aboutToShow, this, &ScenarioPage::fillTemplateMenu);
  recent_menu_ = new QMenu(this);
  connect(recent_menu_, &QMenu::aboutToShow, this, &ScenarioPage::fillRecentMenu);
  auto* layout = new QHBoxLayout(bar);
  layout->setContentsMargins(0, 0, 0, 0);
  auto button = [&](QAction* action, QMenu* menu) {
    auto* b = new QToolButton;
    b->setDefaultAction(action);
    if (menu != nullptr) {
      b->setMenu(menu);
      b->setPopupMode(QToolButton::MenuButtonPopup);
    }
    layout->addWidget(b);
    return b;
  };
  button(new_action_, template_menu_);
  button(open_action_, recent_menu_)
      ->setToolTip(tr("Open a scenario (Ctrl+O); the arrow lists "
                      "recent files"));
  button(save_action_, nullptr);
  button(save_as_action_, nullptr);
  layout->addStretch(1);
}

QWidget* ScenarioPage::buildForm() {
  form_ = new QWidget;
  auto* outer = new QVBoxLayout(form_);
  form_note_ = new QLabel;
  form_note_->setWordWrap(true);
  outer->addWidget(form_note_);
  QString group_name;
  QFormLayout* group_layout = nullptr;
  const QRegularExpression integer(QStringLiteral("[0-9]*"));
  const QRegularExpression number(QStringLiteral("-?[0-9]*\\.?[0-9]*([eE][-+]?[0-9]+)?"));
  for (const FieldSpec& spec : kFieldSpecs) {
    if (group_name != spec.group) {
      group_name = spec.group;
      auto* box = new QGroupBox(tr(spec.group));
      group_layout = new QFormLayout(box);
      outer->addWidget(box);
      if (group_name == "Traffic") {
        traffic_kind_ = new QLabel;
        traffic_kind_->setToolTip(tr("The traffic source; change it in the text"));
        group_layout->addRow(tr("Source"), traffic_kind_);
      }
    }
    FormField field{QString::fromUtf8(spec.path), new QLineEdit, group_layout};
    field.edit->setObjectName(field.path);
    field.edit->setToolTip(tr(spec.tip) + tr(" (%1 in the text)").arg(field.path));
    if (*spec.fallback != '\0') {
      field.edit->setPlaceholderText(tr("default %1").arg(spec.fallback));
    }
    if (spec.kind != Kind::kText) {
      field.edit->setValidator(new QRegularExpressionValidator(
          spec.kind == Kind::kInteger ? integer : number, field.edit));
    }
    connect(field.edit, &QLineEdit::editingFinished, this, [this, edit = field.edit] {
      const QString path = edit->objectName();
      const std::optional<std::string> now = parsed_->value(path.toStdString());
      const QString text = edit->text().trimmed();
      if (text != (now ? QString::fromStdString(*now) : QString())) {
        setField(path, text);
      }
    });
    group_layout->addRow(tr(spec.label), field.edit);
    fields_.push_back(field);
  }
  auto* setups_box = new QGroupBox(tr("Setups"));
  auto* setups_layout = new QVBoxLayout(setups_box);
  setup_view_ = new QTableView;
  setup_view_->setObjectName("setups");
  setup_view_->setModel(setups_);
  setup_view_->verticalHeader()->hide();
  setup_view_->horizontalHeader()->setStretchLastSection(true);
  setup_view_->setToolTip(
      tr("Setups compared on the same traffic; double-click a name or a "
         "mirrored share to change it"));
  setups_layout->addWidget(setup_view_);
  outer->addWidget(setups_box, 1);
  auto* scroll = new QScrollArea;
  scroll->setWidget(form_);
  scroll->setWidgetResizable(true);
  return scroll;
}

QString ScenarioPage::scenarioText() const {
  return editor_->toPlainText();
}

QString ScenarioPage::displayName() const {
  return path_.isEmpty() ? QStringLiteral("untitled.textproto") : QFileInfo(path_).fileName();
}

bool ScenarioPage::isModified() const {
  return editor_->document()->isModified();
}

QList<QAction*> ScenarioPage::fileActions() const {
  return {new_action_, open_action_, save_action_, save_as_action_};
}

bool ScenarioPage::checking() const {
  return debounce_->isActive() || checker_->running() || check_pending_;
}

QStringList ScenarioPage::recentFiles() const {
  return StudioSettings().recentScenarios();
}

void ScenarioPage::onTextChanged() {
  parsed_ = std::make_unique<ScenarioText>(scenarioText().toStdString());
  refreshForm();
  debounce_->start();
  emit scenarioChanged();
}

void ScenarioPage::refreshForm() {
  const bool ok = parsed_->ok();
  for (const FormField& f : fields_) {
    f.edit->setEnabled(ok);
    if (!ok || f.edit->hasFocus()) {
      continue;  // never overwrite what the planner is typing
    }
    const QSignalBlocker block(f.edit);
    const std::optional<std::string> v = parsed_->value(f.path.toStdString());
    f.edit->setText(v ? QString::fromStdString(*v) : QString());
  }
  setup_view_->setEnabled(ok);
  form_note_->setText(ok ? tr("Edit here or in the text: the other follows.")
                         : tr("The text does not parse; the form follows it again once it "
                              "does."));
  if (!ok) {
    return;
  }
  const config::Traffic& traffic = parsed_->message().traffic();
  const bool csv = traffic.has_count_csv();
  const bool capture = traffic.has_capture();
  traffic_kind_->setText(csv ? tr("count series") : capture ? tr("capture") : tr("synthetic"));
  for (const FormField& f : fields_) {
    if (f.path == "traffic.synthetic.base_rate") {
      f.layout->setRowVisible(f.edit, !csv && !capture);
    } else if (f.path == "traffic.count_csv.path") {
      f.layout->setRowVisible(f.edit, csv);
    } else if (f.path == "traffic.capture.path") {
      f.layout->setRowVisible(f.edit, capture);
    }
  }
  setups_->setScenario(parsed_->message());
}

void ScenarioPage::setField(const QString& path, const QString& value) {
  try {
    const std::string text = value.isEmpty()
                                 ? parsed_->withoutValue(path.toStdString())
                                 : parsed_->withValue(path.toStdString(), value.toStdString());
    replaceText(QString::fromStdString(text));
  } catch (const std::invalid_argument& e) {
    showProblem(QString::fromStdString(e.what()));
  }
}

void ScenarioPage::replaceText(const QString& text) {
  // Only the changed middle is replaced: the cursor, the scroll position and the undo history
  // stay as they were, and Ctrl+Z undoes a form edit like a typed one.
  const QString old = scenarioText();
  qsizetype prefix = 0;
  while (prefix < old.size() && prefix < text.size() && old[prefix] == text[prefix]) {
    ++prefix;
  }
  qsizetype suffix = 0;
  while (suffix < old.size() - prefix && suffix < text.size() - prefix &&
         old[old.size() - 1 - suffix] == text[text.size() - 1 - suffix]) {
    ++suffix;
  }
  QTextCursor cursor(editor_->document());
  cursor.setPosition(static_cast<int>(prefix));
  cursor.setPosition(static_cast<int>(old.size() - suffix), QTextCursor::KeepAnchor);
  cursor.insertText(text.mid(prefix, text.size() - prefix - suffix));
}

void ScenarioPage::checkNow() {
  debounce_->stop();
  if (checker_->running()) {
    check_pending_ = true;  // checked again, with the newest text, when this check ends
    return;
  }
  const std::string text = scenarioText().toStdString();
  const std::string name = displayName().toStdString();
  const std::string base = base_dir_.toStdString();
  auto result = std::make_shared<ScenarioDiagnostic>();
  checker_->start([text, name, base, result](const std::atomic<bool>&) {
    *result = checkScenarioText(text, name, base);
  });
  auto* connection = new QMetaObject::Connection;
  *connection = connect(
      checker_, &BackgroundTask::finished, this,
      [this, connection, result, text](BackgroundTask::Outcome how, const QString& message) {
        disconnect(*connection);
        delete connection;
        if (how != BackgroundTask::Outcome::kOk) {
          *result = placeLoaderMessage(message.toStdString(), displayName().toStdString(), text);
        }
        const bool current = text == scenarioText().toStdString();
        if (check_pending_ || !current) {
          check_pending_ = false;
          checkNow();
          return;
        }
        diagnostic_ = *result;
        showDiagnostic();
        emit scenarioChanged();
        emit checked(diagnostic_.ok);
      });
}

void ScenarioPage::showDiagnostic() {
  QList<QTextEdit::ExtraSelection> marks;
  const ScenarioDiagnostic& d = diagnostic_;
  if (!d.ok && d.line > 0) {
    const QTextBlock block = editor_->document()->findBlockByNumber(d.line - 1);
    QTextEdit::ExtraSelection line;
    line.format.setBackground(QColor(0xd0, 0x31, 0x2d, 0x30));
    line.format.setProperty(QTextFormat::FullWidthSelection, true);
    line.cursor = QTextCursor(block);
    marks << line;
    if (d.column > 0) {
      // The loader counts bytes; the editor counts UTF-16 units.
      const QByteArray bytes = block.text().toUtf8();
      const int start = static_cast<int>(QString::fromUtf8(bytes.left(d.column - 1)).size());
      int end = start;
      const QString text = block.text();
      while (end < text.size() && (text[end].isLetterOrNumber() || text[end] == u'_')) {
        ++end;
      }
      QTextEdit::ExtraSelection field;
      field.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
      field.format.setUnderlineColor(QColor(0xd0, 0x31, 0x2d));
      field.cursor = QTextCursor(block);
      field.cursor.setPosition(block.position() + start);
      field.cursor.setPosition(block.position() + std::max(end, start + 1),
                               QTextCursor::KeepAnchor);
      marks << field;
    }
  }
  editor_->setExtraSelections(marks);
  for (const FormField& f : fields_) {
    f.edit->setStyleSheet(!d.ok && d.field == f.path.toStdString()
                              ? QStringLiteral("border: 1px solid #d0312d;")
                              : QString());
  }
  if (d.ok) {
    problem_->setText(tr("No problems: the scenario loads as `shadowscale run` loads it."));
    problem_->setStyleSheet({});
  } else {
    showProblem(QString::fromStdString(d.message));
  }
}

void ScenarioPage::showProblem(const QString& text) {
  problem_->setText(text);
  problem_->setStyleSheet(QStringLiteral("color: #d0312d;"));
}

void ScenarioPage::goToProblem() {
  if (diagnostic_.ok || diagnostic_.line <= 0) {
    return;
  }
  const QTextBlock block = editor_->document()->findBlockByNumber(diagnostic_.line - 1);
  QTextCursor cursor(block);
  cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor,
                      std::max(0, std::min(diagnostic_.column - 1, block.length() - 1)));
  editor_->setTextCursor(cursor);
  editor_->centerCursor();
  editor_->setFocus();
}

void ScenarioPage::setDocument(const QString& text, const QString& path, const QString& base_dir) {
  path_ = path;
  base_dir_ = base_dir;
  editor_->setPlainText(text);
  editor_->document()->setModified(false);
  emit titleChanged(displayName());
  checkNow();
}

void ScenarioPage::newFromTemplate(const QString& template_path) {
  QFile file(template_path);
  if (!file.open(QIODevice::ReadOnly)) {
    showProblem(tr("%1: cannot read the template").arg(template_path));
    return;
  }
  setDocument(QString::fromUtf8(file.readAll()), QString(),
              QFileInfo(template_path).absolutePath());
}

bool ScenarioPage::openFile(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    showProblem(tr("%1: cannot open the scenario file: %2").arg(path, file.errorString()));
    return false;
  }
  setDocument(QString::fromUtf8(file.readAll()), QFileInfo(path).absoluteFilePath(),
              QFileInfo(path).absolutePath());
  rememberRecent(path_);
  return true;
}

bool ScenarioPage::save() {
  return saveAs(path_);
}

bool ScenarioPage::saveAs(const QString& path) {
  QString target = path;
  if (target.isEmpty()) {
    target = QFileDialog::getSaveFileName(this, tr("Save the scenario"),
                                          QDir(base_dir_).filePath(displayName()),
                                          tr("Scenarios (*.textproto)"));
    if (target.isEmpty()) {
      return false;
    }
  }
  try {
    writeFileAtomically(target.toStdString(), scenarioText().toStdString());
  } catch (const std::exception& e) {
    showProblem(QString::fromStdString(e.what()));
    return false;
  }
  const QFileInfo info(target);
  const bool moved = info.absolutePath() != base_dir_;
  path_ = info.absoluteFilePath();
  base_dir_ = info.absolutePath();
  editor_->document()->setModified(false);
  emit titleChanged(displayName());
  rememberRecent(path_);
  if (moved) {
    checkNow();  // relative paths now resolve against the new folder
  }
  emit scenarioChanged();
  return true;
}

void ScenarioPage::rememberRecent(const QString& path) {
  StudioSettings().addRecentScenario(path);
}

void ScenarioPage::fillTemplateMenu() {
  template_menu_->clear();
  const QDir dir(templateDir());
  for (const QFileInfo& info : dir.entryInfoList({"*.textproto"}, QDir::Files, QDir::Name)) {
    QAction* a = template_menu_->addAction(info.fileName());
    a->setToolTip(firstCommentLine(info.filePath()));
    connect(a, &QAction::triggered, this, [this, path = info.filePath()] {
      if (confirmDiscard()) {
        newFromTemplate(path);
      }
    });
  }
  template_menu_->setToolTipsVisible(true);
}

void ScenarioPage::fillRecentMenu() {
  recent_menu_->clear();
  for (const QString& path : recentFiles()) {
    QAction* a = recent_menu_->addAction(path);
    connect(a, &QAction::triggered, this, [this, path] {
      if (confirmDiscard()) {
        openFile(path);
      }
    });
  }
  if (recent_menu_->isEmpty()) {
    recent_menu_->addAction(tr("No recent scenarios"))->setEnabled(false);
  }
}

bool ScenarioPage::confirmDiscard() {
  if (!isModified()) {
    return true;
  }
  const auto answer = QMessageBox::question(
      this, tr("Unsaved scenario"), tr("%1 has unsaved changes. Save them?").arg(displayName()),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
  if (answer == QMessageBox::Save) {
    return save();
  }
  return answer == QMessageBox::Discard;
}

}  // namespace shadowscale::studio
