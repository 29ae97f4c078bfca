// The studio's window under the offscreen platform: every page is there, the Run page runs what
// the Scenario page holds, recent files and the window layout are remembered through the one
// settings class, drops go to the page that takes them, and page shortcuts do not clash.
#include "app/studio/main_window.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>
#include <QTextCursor>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>

#include "app/studio/charts/run_charts.h"
#include "app/studio/charts/time_chart.h"
#include "app/studio/models/studio_settings.h"
#include "app/studio/pages/import_page.h"
#include "app/studio/pages/scenario_page.h"
#include "app/studio/runs/charts_page.h"
#include "app/studio/runs/compare_page.h"
#include "app/studio/runs/run_controller.h"
#include "app/studio/runs/run_page.h"
#include "tests/app/studio/qt_app.h"
#include "tests/app/studio/runs/small_scenario.h"
#include "tests/app/studio/studio_test_dir.h"

namespace shadowscale::studio {
namespace {

namespace fs = std::filesystem;

class MainWindowTest : public StudioTestDir {
 protected:
  void SetUp() override {
    StudioTestDir::SetUp();
    qtApp();
    // What the studio remembers goes to this test's folder, not the user's settings.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       QString::fromStdString(path("settings")));
    QSettings("shadowscale", "studio").clear();
  }

  // Runs the Run page to its end; the exit status.
  static int runToEnd(MainWindow& window) {
    QSignalSpy finished(window.runPage(), &RunPage::runFinished);
    window.runPage()->run();
    if (finished.isEmpty() && !finished.wait(120000)) {
      ADD_FAILURE() << "the run did not end";
      return -2;
    }
    return finished.first().first().toInt();
  }

  static QStringList pageTitles(const MainWindow& window) {
    QStringList titles;
    const auto* list = window.findChild<QListWidget*>();
    for (int i = 0; list != nullptr && i < list->count(); ++i) {
      titles << list->item(i)->text();
    }
    return titles;
  }
};

TEST_F(MainWindowTest, EveryPageIsThereAndCtrlNumberSwitchesToIt) {
  MainWindow window;
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
  const QStringList expected{"Scenario", "Run", "Charts", "Compare runs", "Forecast lab", "Import"};
  EXPECT_EQ(pageTitles(window), expected);
  EXPECT_EQ(window.currentPage(), "Scenario");
  for (int i = expected.size() - 1; i >= 0; --i) {
    QTest::keyClick(&window, static_cast<Qt::Key>(Qt::Key_1 + i), Qt::ControlModifier);
    EXPECT_EQ(window.currentPage(), expected[i]);
  }
  EXPECT_TRUE(window.showPage("forecast"));
  EXPECT_EQ(window.currentPage(), "Forecast lab");
  EXPECT_FALSE(window.showPage("charts-nowhere"));
}

TEST_F(MainWindowTest, TheRunPageRunsWhatTheScenarioPageHolds) {
  MainWindow window;
  // At the start: the shipped default, unsaved, is what F5 would run.
  EXPECT_TRUE(window.runPage()->runsEditedScenario());

  // A file opened with a relative path runs under that path, as the CLI names it.
  const std::string file = write("small.textproto", smallScenarioText());
  const QString relative = QDir::current().relativeFilePath(QString::fromStdString(file));
  window.openScenario(relative);
  EXPECT_EQ(window.scenarioPage()->scenarioText().toStdString(), smallScenarioText());
  EXPECT_FALSE(window.runPage()->runsEditedScenario());
  EXPECT_EQ(window.runPage()->scenarioPath(), relative);
  EXPECT_EQ(window.currentPage(), "Run");

  // Edited and not saved: the edited text runs, and the file stays as it was.
  QString text = window.scenarioPage()->scenarioText();
  text.replace("name: \"fixed\"", "name: \"steady\"");
  text.replace("setup: \"fixed\"", "setup: \"steady\"");
  QTextCursor typing(window.scenarioPage()->editor()->document());
  typing.select(QTextCursor::Document);
  typing.insertText(text);
  EXPECT_TRUE(window.runPage()->runsEditedScenario());
  window.runPage()->setOutputFolder(QString::fromStdString(path("out")));
  EXPECT_EQ(runToEnd(window), 99);
  std::ifstream summary(path("out/summary.json"));
  const std::string json((std::istreambuf_iterator<char>(summary)), {});
  EXPECT_NE(json.find("\"steady\""), std::string::npos) << json;
  EXPECT_EQ(json.find("\"fixed\""), std::string::npos) << json;

  // Saved: the file runs again.
  ASSERT_TRUE(window.scenarioPage()->save());
  EXPECT_FALSE(window.runPage()->runsEditedScenario());
  EXPECT_EQ(window.runPage()->scenarioPath(), relative);
}

TEST_F(MainWindowTest, TheChartsPageDrawsTheRunOnceItIsShown) {
  MainWindow window;
  window.resize(1400, 900);
  window.show();
  window.openScenario(QString::fromStdString(write("small.textproto", smallScenarioText())));
  window.runPage()->setOutputFolder(QString::fromStdString(path("out")));
  ASSERT_EQ(runToEnd(window), 99);
  EXPECT_GT(window.runPage()->charts()->demandChart()->pointsDrawn(), 0u);
  // Hidden during the run: nothing was drawn there yet.
  TimeChart* demand = window.chartsPage()->charts()->demandChart();
  EXPECT_EQ(demand->pointsDrawn(), 0u);
  ASSERT_TRUE(window.showPage("charts"));
  // Shown: it redraws, a chart per event-loop turn.
  for (int turn = 0; turn < 100 && window.busy(); ++turn) {
    QCoreApplication::processEvents();
  }
  EXPECT_FALSE(window.busy());
  EXPECT_EQ(demand->pointsDrawn(), window.runPage()->charts()->demandChart()->pointsDrawn());
  EXPECT_GT(demand->pointsDrawn(), 0u);
}

TEST_F(MainWindowTest, RecentFilesAndTheWindowLayoutAreRemembered) {
  const std::string scenario = write("small.textproto", smallScenarioText());
  {
    MainWindow window;
    window.openScenario(QString::fromStdString(scenario));
    window.runPage()->setOutputFolder(QString::fromStdString(path("run")));
    ASSERT_EQ(runToEnd(window), 99);
    ASSERT_TRUE(window.openRunFolder(QString::fromStdString(path("run"))));
    window.resize(1111, 777);
    window.show();
    window.close();
  }
  const StudioSettings settings;
  EXPECT_EQ(settings.recentScenarios(), QStringList{QString::fromStdString(scenario)});
  EXPECT_EQ(settings.recentRuns(), QStringList{QString::fromStdString(path("run"))});

  MainWindow again;
  EXPECT_EQ(again.size(), QSize(1111, 777));
  emit again.recentMenu()->aboutToShow();
  QStringList entries;
  for (QAction* a : again.recentMenu()->actions()) {
    if (!a->isSeparator()) {
      entries << a->text();
    }
  }
  EXPECT_EQ(entries, (QStringList{QString::fromStdString(scenario),
                                  QString::fromStdString(path("run")), "Clear the list"}));
  // The recent run opens on the Compare page, read beside the window.
  again.recentMenu()->actions().at(2)->trigger();
  EXPECT_EQ(again.currentPage(), "Compare runs");
  ASSERT_TRUE(QTest::qWaitFor([&] { return !again.comparePage()->loading(); }, 60000));
  EXPECT_EQ(again.comparePage()->runCount(), 1);
  again.recentMenu()->actions().back()->trigger();
  EXPECT_TRUE(StudioSettings().recentScenarios().isEmpty());
  EXPECT_TRUE(StudioSettings().recentRuns().isEmpty());
}

TEST_F(MainWindowTest, DropsGoToThePageThatTakesThem) {
  MainWindow window;
  const std::string log = copyFromSource("docs/examples/shop-access.log", "shop.log");
  QSignalSpy imported(window.importPage(), &ImportPage::importFinished);
  window.openDropped(QString::fromStdString(log));
  EXPECT_EQ(window.currentPage(), "Import");
  ASSERT_TRUE(imported.wait(60000));
  // The example log has one bad line and the default budget is none: nothing is written.
  EXPECT_FALSE(imported.first().at(0).toBool());
  EXPECT_FALSE(fs::exists(path("shop.capture")));

  const std::string scenario = write("small.textproto", smallScenarioText());
  window.openDropped(QString::fromStdString(scenario));
  EXPECT_EQ(window.currentPage(), "Run");
  EXPECT_EQ(window.scenarioPage()->scenarioPath().toStdString(), scenario);

  // A folder that is not a run: the Compare page reads it beside the window, says why it is
  // not a run, and the window goes on.
  fs::create_directories(path("empty-run"));
  window.openDropped(QString::fromStdString(path("empty-run")));
  EXPECT_EQ(window.currentPage(), "Compare runs");
  EXPECT_TRUE(window.busy());
  ASSERT_TRUE(QTest::qWaitFor([&] { return !window.comparePage()->loading(); }, 60000));
  EXPECT_EQ(window.comparePage()->runCount(), 0);
  EXPECT_TRUE(window.comparePage()->statusText().contains("empty-run/intervals.csv: missing"))
      << window.comparePage()->statusText().toStdString();
}

TEST_F(MainWindowTest, NoTwoShortcutsOfAPageShareAKey) {
  MainWindow window;
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
  // Per page: every shortcut that can fire while the page is shown (the window's own, the
  // page's, and buttons on it), counted by key.
  for (const QString title :
       {"Scenario", "Run", "Charts", "Compare runs", "Forecast lab", "Import"}) {
    ASSERT_TRUE(window.showPage(title));
    QWidget* page = QApplication::focusWidget();
    ASSERT_NE(page, nullptr) << title.toStdString();
    std::map<QString, int> uses;
    for (QAction* a : window.findChildren<QAction*>()) {
      if (a->shortcut().isEmpty() || !a->isEnabled()) {
        continue;
      }
      bool active = a->shortcutContext() == Qt::WindowShortcut;
      for (QObject* o : a->associatedObjects()) {
        auto* w = qobject_cast<QWidget*>(o);
        if (a->shortcutContext() == Qt::WidgetWithChildrenShortcut && w != nullptr &&
            !qobject_cast<QMenu*>(w) && w->isVisible() && (w == page || w->isAncestorOf(page))) {
          active = true;
        }
      }
      if (active) {
        ++uses[a->shortcut().toString()];
      }
    }
    for (QAbstractButton* b : window.findChildren<QAbstractButton*>()) {
      if (!b->shortcut().isEmpty() && b->isVisible()) {
        ++uses[b->shortcut().toString()];
      }
    }
    for (const auto& [key, count] : uses) {
      EXPECT_EQ(count, 1) << title.toStdString() << ": " << key.toStdString();
    }
  }
}

TEST_F(MainWindowTest, TheDocsListEveryKeyboardShortcut) {
  std::ifstream in(std::string(SHADOWSCALE_SOURCE_DIR) + "/docs/studio.md");
  const std::string docs((std::istreambuf_iterator<char>(in)), {});
  ASSERT_FALSE(docs.empty());
  for (const auto& [keys, what] : keyboardShortcuts()) {
    const std::string row = "| " + keys.toStdString() + " | " + what.toStdString() + " |";
    EXPECT_NE(docs.find(row), std::string::npos) << "docs/studio.md lacks the row " << row;
  }
}

}  // namespace
}  // namespace shadowscale::studio
