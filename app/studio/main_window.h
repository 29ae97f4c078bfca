#pragma once

#include <QMainWindow>
#include <QString>

class QListWidget;
class QMenu;
class QStackedWidget;

namespace shadowscale::studio {

class ComparePage;
class RunPage;
class StudioSettings;

// The studio's window: it only wires the pages together and owns the menus, the shortcuts and
// what is remembered (window layout, recent files). One page per task, chosen on the left.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Adds a page; it gets Ctrl+<n> in the View menu. Returns its index.
  int addPage(QWidget* page, const QString& title, const QString& tooltip);
  // Shows the page whose title is `title` (case-insensitive); false if there is none.
  bool showPage(const QString& title);

  // Opens a scenario on the Run page (and remembers it).
  void openScenario(const QString& path);
  // Opens a run folder on the Compare page (and remembers it).
  bool openRunFolder(const QString& dir);

  RunPage* runPage() const { return run_page_; }
  ComparePage* comparePage() const { return compare_page_; }

 signals:
  // A scenario was opened (File > Open, recent files, the command line).
  void scenarioOpened(const QString& path);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildMenus();
  void rebuildRecentMenu();
  void showShortcuts();
  void openRecent(const QString& path);

  QListWidget* page_list_ = nullptr;
  QStackedWidget* pages_ = nullptr;
  QMenu* view_menu_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  RunPage* run_page_ = nullptr;
  ComparePage* compare_page_ = nullptr;
  StudioSettings* settings_ = nullptr;
};

}  // namespace shadowscale::studio
