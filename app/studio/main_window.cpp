#include "app/studio/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QKeySequence>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

#include "app/studio/charts/run_charts.h"
#include "app/studio/charts/time_chart.h"
#include "app/studio/models/studio_settings.h"
#include "app/studio/pages/forecast_lab_page.h"
#include "app/studio/pages/import_page.h"
#include "app/studio/pages/scenario_page.h"
#include "app/studio/runs/charts_page.h"
#include "app/studio/runs/compare_page.h"
#include "app/studio/runs/run_controller.h"
#include "app/studio/runs/run_page.h"
#include "shadowscale/version.h"

namespace shadowscale::studio {

namespace {

// Gives `action` its shortcut only while the focus is inside `page`: pages use the same keys
// for their own work (Ctrl+O opens what the page opens, Esc cancels what it runs), and two
// window-wide actions on one key would both be ignored as ambiguous.
void scopeTo(QAction* action, QWidget* page) {
  action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  page->addAction(action);
}

}  // namespace

std::vector<std::pair<QString, QString>> keyboardShortcuts() {
  return {
      {"Ctrl+1 … Ctrl+6",
       "switch pages: Scenario, Run, Charts, Compare runs, Forecast lab, Import"},
      {"F5", "run the scenario the Scenario page holds (on the Run page)"},
      {"Esc", "cancel what the page is running: the run, the backtest, the import"},
      {"Ctrl+N", "new scenario from the shipped default (Scenario page)"},
      {"Ctrl+O",
       "open what the page works on: a scenario (Scenario, Run), a run folder "
       "(Compare runs), a series (Forecast lab), a log (Import)"},
      {"Ctrl+Shift+O", "open a run folder to compare"},
      {"Ctrl+S / Ctrl+Shift+S", "save the scenario / save it as (Scenario page)"},
      {"F8", "go to the scenario's problem (Scenario page)"},
      {"Ctrl+Z", "undo in the scenario text, form edits included"},
      {"Ctrl+Return", "run the backtest (Forecast lab); import again (Import)"},
      {"Ctrl+E", "export the trained LSTM (Forecast lab)"},
      {"Ctrl+0", "show the whole run on every chart"},
      {"wheel, + / -", "zoom a chart's time axis (the others follow)"},
      {"drag, Left / Right", "pan the time axis"},
      {"double-click, Home", "the whole run on the charts"},
      {"right-click", "save a chart as PNG or SVG"},
      {"F1", "list these shortcuts"},
      {"Ctrl+Q", "quit"},
  };
}

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("shadowscale studio"));
  setAcceptDrops(true);
  auto* split = new QSplitter(Qt::Horizontal);
  page_list_ = new QListWidget();
  page_list_->setMaximumWidth(140);
  // Clicks pick a page; the keyboard focus stays on the page, where its shortcuts work.
  page_list_->setFocusPolicy(Qt::NoFocus);
  page_list_->setToolTip(tr("One page per task; Ctrl+1 … Ctrl+6 switch pages"));
  pages_ = new QStackedWidget();
  split->addWidget(page_list_);
  split->addWidget(pages_);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setCollapsible(1, false);
  split->setSizes({page_list_->maximumWidth(), 10000});
  setCentralWidget(split);
  connect(page_list_, &QListWidget::currentRowChanged, this, [this](int row) {
    pages_->setCurrentIndex(row);
    QWidget* page = pages_->currentWidget();
    QWidget* last = page != nullptr ? page->focusWidget() : nullptr;
    (last != nullptr ? last : page)->setFocus();
  });
  buildPages();
  buildFileMenu();
  buildRunAndViewMenus();
  view_menu_->addSeparator();
  for (int i = 0; i < pages_->count(); ++i) {
    QAction* action = view_menu_->addAction(page_list_->item(i)->text());
    action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
    action->setToolTip(page_list_->item(i)->toolTip());
    connect(action, &QAction::triggered, this, [this, i] { page_list_->setCurrentRow(i); });
  }
  page_list_->setCurrentRow(0);

  resize(1400, 900);
  const StudioSettings settings;
  restoreGeometry(settings.windowGeometry());
  restoreState(settings.windowState());
  statusBar()->showMessage(tr("F1 lists the keyboard shortcuts"));
}

void MainWindow::buildPages() {
  scenario_page_ = new ScenarioPage();
  run_page_ = new RunPage();
  compare_page_ = new ComparePage();
  forecast_page_ = new ForecastLabPage();
  import_page_ = new ImportPage();
  addPage(scenario_page_, tr("Scenario"), tr("Edit a scenario as text or in a form"));
  addPage(run_page_, tr("Run"), tr("Run the scenario and watch it unfold"));
  charts_page_ = new ChartsPage(run_page_);
  addPage(charts_page_, tr("Charts"), tr("The run's charts at full size"));
  addPage(compare_page_, tr("Compare runs"), tr("Open run folders side by side"));
  addPage(forecast_page_, tr("Forecast lab"),
          tr("Backtest every forecaster on a count series or a capture"));
  addPage(import_page_, tr("Import"), tr("Turn an access log or .gor file into a capture"));

  connect(scenario_page_, &ScenarioPage::scenarioChanged, this, &MainWindow::followScenarioPage);
  connect(scenario_page_, &ScenarioPage::titleChanged, this, [this](const QString& title) {
    setWindowTitle(tr("%1 — shadowscale studio").arg(title));
  });
  followScenarioPage();
  connect(run_page_, &RunPage::runFinished, this, [this](int status, const QString& message) {
    statusBar()->showMessage(
        status < 0 ? message : tr("run ended, exit status %1: %2").arg(status).arg(message));
  });
  connect(compare_page_, &ComparePage::runOpened, this,
          [](const QString& dir) { StudioSettings().addRecentRun(dir); });
}

int MainWindow::addPage(QWidget* page, const QString& title, const QString& tooltip) {
  const int index = pages_->addWidget(page);
  auto* item = new QListWidgetItem(title, page_list_);
  item->setToolTip(tooltip);
  return index;
}

bool MainWindow::showPage(const QString& title) {
  for (int i = 0; i < page_list_->count(); ++i) {
    const QString text = page_list_->item(i)->text();
    if (text.compare(title, Qt::CaseInsensitive) == 0 ||
        text.split(' ').first().compare(title, Qt::CaseInsensitive) == 0) {
      page_list_->setCurrentRow(i);
      return true;
    }
  }
  return false;
}

bool MainWindow::busy() const {
  return run_page_->controller()->running() || forecast_page_->busy() || import_page_->busy() ||
         scenario_page_->checking() || run_page_->charts()->refreshing() ||
         charts_page_->charts()->refreshing() || compare_page_->charts()->refreshing() ||
         compare_page_->loading();
}

QString MainWindow::currentPage() const {
  const QListWidgetItem* item = page_list_->currentItem();
  return item != nullptr ? item->text() : QString();
}

void MainWindow::buildFileMenu() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  // The Scenario page's own New, Open, Save and Save as; Open works on the Run page too.
  const QList<QAction*> scenario_actions = scenario_page_->fileActions();
  file->addActions(scenario_actions);
  run_page_->addAction(scenario_actions.at(1));
  recent_menu_ = file->addMenu(tr("Open &recent"));
  connect(recent_menu_, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
  fillRecentMenu();
  file->addSeparator();
  QAction* open_run = file->addAction(tr("Open a run &folder to compare…"), this, [this] {
    showPage(tr("Compare runs"));
    compare_page_->pickRun();
  });
  open_run->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  auto* pick_run = new QAction(tr("Open a run folder"), this);
  pick_run->setShortcut(QKeySequence::Open);
  connect(pick_run, &QAction::triggered, compare_page_, &ComparePage::pickRun);
  scopeTo(pick_run, compare_page_);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);
}

void MainWindow::buildRunAndViewMenus() {
  QMenu* run = menuBar()->addMenu(tr("&Run"));
  QAction* start = run->addAction(tr("&Run the scenario"), this, [this] {
    showPage(tr("Run"));
    run_page_->run();
  });
  start->setShortcut(QKeySequence(Qt::Key_F5));
  QAction* cancel = run->addAction(tr("&Cancel the run"), this, [this] { run_page_->cancel(); });
  cancel->setShortcut(QKeySequence(Qt::Key_Escape));
  scopeTo(cancel, run_page_);

  view_menu_ = menuBar()->addMenu(tr("&View"));
  QAction* whole = view_menu_->addAction(tr("Show the &whole run on every chart"), this, [this] {
    run_page_->charts()->group()->resetZoom();
    charts_page_->charts()->group()->resetZoom();
    compare_page_->charts()->group()->resetZoom();
  });
  whole->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QAction* keys = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
  keys->setShortcut(QKeySequence::HelpContents);
  help->addAction(tr("&About"), this, [this] {
    QMessageBox::about(this, tr("About shadowscale studio"),
                       tr("shadowscale studio %1: run scaling scenarios, watch them unfold and "
                          "compare setups. See docs/studio.md.")
                           .arg(kVersion));
  });
}

void MainWindow::fillRecentMenu() {
  recent_menu_->clear();
  const StudioSettings settings;
  const QStringList scenarios = settings.recentScenarios();
  const QStringList runs = settings.recentRuns();
  for (const QString& f : scenarios) {
    recent_menu_->addAction(f, this, [this, f] { openScenario(f); });
  }
  if (!scenarios.isEmpty() && !runs.isEmpty()) {
    recent_menu_->addSeparator();
  }
  for (const QString& d : runs) {
    recent_menu_->addAction(d, this, [this, d] {
      showPage(tr("Compare runs"));
      compare_page_->openRun(d);
    });
  }
  recent_menu_->setEnabled(!scenarios.isEmpty() || !runs.isEmpty());
  if (recent_menu_->isEnabled()) {
    recent_menu_->addSeparator();
    recent_menu_->addAction(tr("Clear the list"), this, [] { StudioSettings().clearRecent(); });
  }
}

void MainWindow::followScenarioPage() {
  const QString path = scenario_page_->scenarioPath();
  if (!path.isEmpty() && !scenario_page_->isModified()) {
    // The saved file, under the path it was opened with when that names the same file.
    const bool same = QFileInfo(opened_path_).absoluteFilePath() == path;
    run_page_->setScenarioPath(same ? opened_path_ : path);
    return;
  }
  run_page_->setEditedScenario(scenario_page_->scenarioText(),
                               path.isEmpty() ? scenario_page_->displayName() : path,
                               scenario_page_->baseDir());
}

void MainWindow::openScenario(const QString& path) {
  opened_path_ = path;
  run_page_->setScenarioPath(path);
  if (scenario_page_->openFile(path)) {
    followScenarioPage();
    showPage(tr("Run"));
    statusBar()->showMessage(tr("scenario %1: press F5 to run it").arg(path));
  } else {
    showPage(tr("Scenario"));  // its message says why the file could not be read
  }
}

bool MainWindow::openRunFolder(const QString& dir) {
  return compare_page_->addRun(dir);
}

void MainWindow::openDropped(const QString& path) {
  const QFileInfo info(path);
  if (info.isDir()) {
    showPage(tr("Compare runs"));
    compare_page_->openRun(path);  // read beside the window
  } else if (info.suffix() == "textproto") {
    openScenario(path);
  } else {
    showPage(tr("Import"));
    import_page_->importFile(path);
  }
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (!ImportPage::droppedFile(event->mimeData()).isEmpty()) {
    event->acceptProposedAction();
  }
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QString path = ImportPage::droppedFile(event->mimeData());
  if (!path.isEmpty()) {
    event->acceptProposedAction();
    openDropped(path);
  }
}

void MainWindow::showShortcuts() {
  QString table = "<table>";
  for (const auto& [keys, what] : keyboardShortcuts()) {
    table += "<tr><td><b>" + keys.toHtmlEscaped() + "</b>&nbsp;&nbsp;</td><td>" +
             what.toHtmlEscaped() + "</td></tr>";
  }
  QMessageBox::information(this, tr("Keyboard shortcuts"), table + "</table>");
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (run_page_->controller()->running()) {
    run_page_->cancel();
  }
  StudioSettings().saveWindow(saveGeometry(), saveState());
  event->accept();
}

}  // namespace shadowscale::studio
