#include "app/studio/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

#include "app/studio/charts/run_charts.h"
#include "app/studio/charts/time_chart.h"
#include "app/studio/pages/import_page.h"
#include "app/studio/pages/scenario_page.h"
#include "app/studio/runs/compare_page.h"
#include "app/studio/runs/run_controller.h"
#include "app/studio/runs/run_page.h"
#include "app/studio/studio_settings.h"
#include "shadowscale/version.h"

namespace shadowscale::studio {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  settings_ = new StudioSettings();
  setWindowTitle(tr("shadowscale studio"));
  auto* split = new QSplitter(Qt::Horizontal);
  page_list_ = new QListWidget();
  page_list_->setMaximumWidth(170);
  page_list_->setToolTip(tr("One page per task; Ctrl+1, Ctrl+2, … switch pages"));
  pages_ = new QStackedWidget();
  split->addWidget(page_list_);
  split->addWidget(pages_);
  split->setStretchFactor(1, 1);
  setCentralWidget(split);
  connect(page_list_, &QListWidget::currentRowChanged, pages_, &QStackedWidget::setCurrentIndex);
  buildMenus();

  run_page_ = new RunPage();
  compare_page_ = new ComparePage();
  auto* scenario_page = new ScenarioPage();
  addPage(scenario_page, tr("Scenario"), tr("Edit a scenario as text or in a form"));
  addPage(run_page_, tr("Run"), tr("Run a scenario and watch it unfold"));
  addPage(compare_page_, tr("Compare runs"), tr("Open run folders side by side"));
  addPage(new ImportPage(), tr("Import"), tr("Turn an access log or .gor file into a capture"));
  page_list_->setCurrentRow(1);
  // A scenario opened anywhere is shown in the editor too; the Run page keeps the path as given,
  // so summary.json names it as the CLI would.
  connect(this, &MainWindow::scenarioOpened, scenario_page,
          [scenario_page](const QString& path) { scenario_page->openFile(path); });

  connect(run_page_, &RunPage::runFinished, this, [this](int status, const QString& message) {
    statusBar()->showMessage(
        status < 0 ? message : tr("run ended, exit status %1: %2").arg(status).arg(message));
  });
  connect(compare_page_, &ComparePage::runOpened, this, [this](const QString& dir) {
    settings_->addRecentFile(dir);
    rebuildRecentMenu();
  });
  resize(1400, 900);
  restoreGeometry(settings_->windowGeometry());
  restoreState(settings_->windowState());
  statusBar()->showMessage(tr("F1 lists the keyboard shortcuts"));
}

MainWindow::~MainWindow() {
  delete settings_;
}

int MainWindow::addPage(QWidget* page, const QString& title, const QString& tooltip) {
  const int index = pages_->addWidget(page);
  auto* item = new QListWidgetItem(title, page_list_);
  item->setToolTip(tooltip);
  if (index < 9) {
    auto* action = view_menu_->addAction(title);
    action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + index)));
    action->setToolTip(tooltip);
    connect(action, &QAction::triggered, this, [this, index] { page_list_->setCurrentRow(index); });
  }
  return index;
}

bool MainWindow::showPage(const QString& title) {
  for (int i = 0; i < page_list_->count(); ++i) {
    if (page_list_->item(i)->text().compare(title, Qt::CaseInsensitive) == 0 ||
        page_list_->item(i)->text().split(' ').first().compare(title, Qt::CaseInsensitive) == 0) {
      page_list_->setCurrentRow(i);
      return true;
    }
  }
  return false;
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open scenario…"), this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), "scenarios",
                                                      tr("Scenarios (*.textproto);;All (*)"));
    if (!path.isEmpty()) {
      openScenario(path);
    }
  });
  open->setShortcut(QKeySequence::Open);
  QAction* open_run = file->addAction(tr("Open &run folder…"), this, [this] {
    showPage(tr("Compare runs"));
    compare_page_->pickRun();
  });
  open_run->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  recent_menu_ = file->addMenu(tr("Open &recent"));
  rebuildRecentMenu();
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  QAction* start = run->addAction(tr("&Run scenario"), this, [this] {
    showPage(tr("Run"));
    run_page_->run();
  });
  start->setShortcut(QKeySequence(Qt::Key_F5));
  QAction* cancel = run->addAction(tr("&Cancel run"), this, [this] { run_page_->cancel(); });
  cancel->setShortcut(QKeySequence(Qt::Key_Escape));

  view_menu_ = menuBar()->addMenu(tr("&View"));
  QAction* whole = view_menu_->addAction(tr("Show the &whole run on every chart"), this, [this] {
    run_page_->charts()->group()->resetZoom();
    compare_page_->charts()->group()->resetZoom();
  });
  whole->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
  view_menu_->addSeparator();

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

void MainWindow::rebuildRecentMenu() {
  recent_menu_->clear();
  const QStringList files = settings_->recentFiles();
  for (const QString& f : files) {
    recent_menu_->addAction(f, this, [this, f] { openRecent(f); });
  }
  recent_menu_->setEnabled(!files.isEmpty());
  if (!files.isEmpty()) {
    recent_menu_->addSeparator();
    recent_menu_->addAction(tr("Clear the list"), this, [this] {
      settings_->clearRecentFiles();
      rebuildRecentMenu();
    });
  }
}

void MainWindow::openRecent(const QString& path) {
  if (QFileInfo(path).isDir()) {
    showPage(tr("Compare runs"));
    openRunFolder(path);
  } else {
    openScenario(path);
  }
}

void MainWindow::openScenario(const QString& path) {
  run_page_->setScenarioPath(path);
  settings_->addRecentFile(path);
  rebuildRecentMenu();
  showPage(tr("Run"));
  statusBar()->showMessage(tr("scenario %1: press F5 to run it").arg(path));
  emit scenarioOpened(path);
}

bool MainWindow::openRunFolder(const QString& dir) {
  return compare_page_->addRun(dir);
}

void MainWindow::showShortcuts() {
  QMessageBox::information(
      this, tr("Keyboard shortcuts"),
      tr("<table>"
         "<tr><td><b>Ctrl+O</b></td><td>open a scenario</td></tr>"
         "<tr><td><b>Ctrl+Shift+O</b></td><td>open a run folder to compare</td></tr>"
         "<tr><td><b>F5</b></td><td>run the scenario</td></tr>"
         "<tr><td><b>Esc</b></td><td>cancel the run</td></tr>"
         "<tr><td><b>Ctrl+1 … Ctrl+9</b></td><td>switch pages</td></tr>"
         "<tr><td><b>Ctrl+0</b></td><td>show the whole run on every chart</td></tr>"
         "<tr><td><b>wheel, + / -</b></td><td>zoom a chart's time axis (all follow)</td></tr>"
         "<tr><td><b>drag, Left / Right</b></td><td>pan the time axis</td></tr>"
         "<tr><td><b>double-click, Home</b></td><td>whole run on that chart's group</td></tr>"
         "<tr><td><b>right-click</b></td><td>save a chart as PNG or SVG</td></tr>"
         "<tr><td><b>Ctrl+Q</b></td><td>quit</td></tr></table>"));
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (run_page_->controller()->running()) {
    run_page_->cancel();
  }
  settings_->saveWindow(saveGeometry(), saveState());
  event->accept();
}

}  // namespace shadowscale::studio
