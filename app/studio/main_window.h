#pragma once

#include <QMainWindow>
#include <QString>

#include <utility>
#include <vector>

class QListWidget;
class QMenu;
class QStackedWidget;

namespace shadowscale::studio {

class ChartsPage;
class ComparePage;
class ForecastLabPage;
class ImportPage;
class RunPage;
class ScenarioPage;

// The studio's window: it only wires the pages together and owns the menus, the shortcuts, the
// drops and what is remembered (window layout, recent files). One page per task, chosen on the
// left: Scenario, Run, Charts, Compare runs, Forecast lab, Import.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);

  // Adds a page; it gets Ctrl+<n> in the View menu. Returns its index.
  int addPage(QWidget* page, const QString& title, const QString& tooltip);
  // Shows the page whose title, or its first word, is `title` (case-insensitive); false if
  // there is none.
  bool showPage(const QString& title);
  // The title of the page shown.
  QString currentPage() const;

  // Opens a scenario file in the Scenario page and on the Run page, which runs it under the
  // path as given (so summary.json names it as the CLI would), and remembers it.
  void openScenario(const QString& path);
  // Opens a run folder on the Compare page (and remembers it).
  bool openRunFolder(const QString& dir);
  // What a file dropped on the window does: a folder opens as a run to compare, a .textproto
  // as a scenario, anything else goes to the Import page.
  void openDropped(const QString& path);

  ScenarioPage* scenarioPage() const { return scenario_page_; }
  RunPage* runPage() const { return run_page_; }
  ChartsPage* chartsPage() const { return charts_page_; }
  ComparePage* comparePage() const { return compare_page_; }
  ForecastLabPage* forecastLabPage() const { return forecast_page_; }
  ImportPage* importPage() const { return import_page_; }
  // Whether any page still works on something: a run, a backtest, an import, a scenario check,
  // charts still to redraw.
  bool busy() const;
  // The Open recent menu, for tests.
  QMenu* recentMenu() const { return recent_menu_; }

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildPages();
  void buildFileMenu();
  void buildRunAndViewMenus();
  void fillRecentMenu();
  void showShortcuts();
  void followScenarioPage();

  QListWidget* page_list_ = nullptr;
  QStackedWidget* pages_ = nullptr;
  QMenu* view_menu_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  ScenarioPage* scenario_page_ = nullptr;
  RunPage* run_page_ = nullptr;
  ChartsPage* charts_page_ = nullptr;
  ComparePage* compare_page_ = nullptr;
  ForecastLabPage* forecast_page_ = nullptr;
  ImportPage* import_page_ = nullptr;
  QString opened_path_;  // the last scenario path given to openScenario, as given
};

// The keyboard shortcuts the studio has, as (keys, what they do) rows: the Help table and
// docs/studio.md list these.
std::vector<std::pair<QString, QString>> keyboardShortcuts();

}  // namespace shadowscale::studio
