#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

#include "app/studio/models/scenario_check.h"

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QTableView;
class QTimer;
class QWidget;

namespace shadowscale::studio {

class BackgroundTask;
class ScenarioHighlighter;
class ScenarioText;
class SetupTableModel;

// The Scenario page: a scenario's text with syntax highlighting, its problems marked at line
// and field as you type (by the loader `shadowscale run` uses, a moment after typing stops),
// and a form for the common parts (traffic, pools, SLO, setups) that stays in step with the
// text: edit either and the other follows. New (from the shipped scenarios), open, save and
// recent files. The Run page runs what this page holds (scenarioText(), baseDir()).
class ScenarioPage : public QWidget {
  Q_OBJECT

 public:
  explicit ScenarioPage(QWidget* parent = nullptr);
  ~ScenarioPage() override;

  // The scenario to run: the editor's text, its file (empty while unsaved), the folder its
  // relative paths resolve against, and the name its messages use.
  QString scenarioText() const;
  QString scenarioPath() const { return path_; }
  QString baseDir() const { return base_dir_; }
  QString displayName() const;
  bool isModified() const;
  // Whether a check of the text is waiting for typing to pause or running.
  bool checking() const;
  // What the loader said about the text at the last check.
  const ScenarioDiagnostic& diagnostic() const { return diagnostic_; }
  QStringList recentFiles() const;
  // New, Open, Save and Save As, for the main window's File menu.
  QList<QAction*> fileActions() const;
  QPlainTextEdit* editor() const { return editor_; }
  SetupTableModel* setups() const { return setups_; }

  // The folder of the shipped scenarios offered as templates: $SHADOWSCALE_SCENARIOS_DIR, or
  // the source tree's scenarios/.
  static QString templateDir();

 public slots:
  // Starts an unsaved scenario from a template file (its folder resolves relative paths).
  void newFromTemplate(const QString& template_path);
  // Opens a scenario file; false (and a message) when it cannot be read.
  bool openFile(const QString& path);
  // Saves to the scenario's file (asks for one while unsaved); false when nothing was saved.
  bool save();
  // Saves to `path` (asks when empty), written whole or not at all.
  bool saveAs(const QString& path = {});
  // Sets a field from the form: `path` as ScenarioText names it; an empty value leaves the
  // field out so its default applies. The text changes at that field only.
  void setField(const QString& path, const QString& value);
  // Checks the current text now instead of after the typing pause.
  void checkNow();
  // Moves the cursor to the problem the last check found.
  void goToProblem();

 signals:
  // The text, its file or its check result changed (the Run page re-reads the scenario).
  void scenarioChanged();
  // A check of the current text finished.
  void checked(bool ok);
  // "default.textproto *": the document's name and whether it has unsaved changes.
  void titleChanged(const QString& title);

 private:
  struct FormField;
  void buildToolbar(QWidget* bar);
  QWidget* buildForm();
  void onTextChanged();
  void refreshForm();
  void showDiagnostic();
  void setDocument(const QString& text, const QString& path, const QString& base_dir);
  void replaceText(const QString& text);
  void rememberRecent(const QString& path);
  void fillTemplateMenu();
  void fillRecentMenu();
  bool confirmDiscard();
  void showProblem(const QString& text);

  QString path_;
  QString base_dir_;
  QPlainTextEdit* editor_ = nullptr;
  ScenarioHighlighter* highlighter_ = nullptr;
  QLabel* problem_ = nullptr;
  QWidget* form_ = nullptr;
  QLabel* form_note_ = nullptr;
  QLabel* traffic_kind_ = nullptr;
  std::vector<FormField> fields_;
  SetupTableModel* setups_ = nullptr;
  QTableView* setup_view_ = nullptr;
  QMenu* template_menu_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  QAction* new_action_ = nullptr;
  QAction* open_action_ = nullptr;
  QAction* save_action_ = nullptr;
  QAction* save_as_action_ = nullptr;
  QTimer* debounce_ = nullptr;
  BackgroundTask* checker_ = nullptr;
  bool check_pending_ = false;
  std::unique_ptr<ScenarioText> parsed_;
  ScenarioDiagnostic diagnostic_;
};

}  // namespace shadowscale::studio
