// The Scenario page under the offscreen platform: text and form in step, the loader's problems
// marked at line and field, save, open and recent files.
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTextBlock>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "app/studio/models/setup_table_model.h"
#include "app/studio/models/studio_settings.h"
#include "app/studio/pages/scenario_page.h"
#include "tests/app/studio/qt_app.h"
#include "tests/app/studio/studio_test_dir.h"

namespace shadowscale::studio {
namespace {

class ScenarioPageTest : public StudioTestDir {
 protected:
  void SetUp() override {
    StudioTestDir::SetUp();
    qtApp();
    // Recent files go to this test's folder, not the user's settings.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       QString::fromStdString(path("settings")));
    StudioSettings().clearRecent();
  }

  // Waits (on the event loop) for the page's next check; whether it found the text clean.
  static bool nextCheck(ScenarioPage& page) {
    QSignalSpy spy(&page, &ScenarioPage::checked);
    EXPECT_TRUE(spy.wait(60000));
    return !spy.isEmpty() && spy.takeFirst().at(0).toBool();
  }

  static QLineEdit* field(ScenarioPage& page, const char* path) {
    auto* edit = page.findChild<QLineEdit*>(path);
    EXPECT_NE(edit, nullptr) << path;
    return edit;
  }

  // Replaces the first `from` in the editor with `to`, as typing would.
  static void edit(ScenarioPage& page, const QString& from, const QString& to) {
    QString text = page.scenarioText();
    ASSERT_GE(text.indexOf(from), 0) << from.toStdString();
    text.replace(text.indexOf(from), from.size(), to);
    QTextCursor cursor(page.editor()->document());
    cursor.select(QTextCursor::Document);
    cursor.insertText(text);
  }

  static std::string readFile(const std::string& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
};

TEST_F(ScenarioPageTest, StartsFromTheShippedDefaultWhichLoadsClean) {
  ScenarioPage page;
  EXPECT_TRUE(nextCheck(page)) << page.diagnostic().message;
  EXPECT_EQ(page.scenarioText().toStdString(),
            readFile(SHADOWSCALE_SOURCE_DIR "/scenarios/default.textproto"));
  EXPECT_TRUE(page.scenarioPath().isEmpty());
  EXPECT_EQ(page.displayName(), "untitled.textproto");
  EXPECT_EQ(field(page, "traffic.duration")->text(), "7d");
  EXPECT_EQ(field(page, "live_pool.max_instances")->text(), "60");
  EXPECT_EQ(field(page, "slo.latency_target")->text(), "500ms");
  EXPECT_EQ(page.setups()->rowCount(), 4);
}

TEST_F(ScenarioPageTest, TheFormFollowsTheText) {
  ScenarioPage page;
  nextCheck(page);
  edit(page, "latency_target: \"500ms\"", "latency_target: \"250ms\"");
  EXPECT_EQ(field(page, "slo.latency_target")->text(), "250ms");
  edit(page, "name: \"live-hybrid\"", "name: \"forecast\"");
  EXPECT_EQ(page.setups()->data(page.setups()->index(3, SetupTableModel::kName)).toString(),
            "forecast");
  // While the text does not parse the form keeps its values and waits.
  edit(page, "slo {", "slo");
  EXPECT_FALSE(field(page, "slo.latency_target")->isEnabled());
  EXPECT_EQ(field(page, "slo.latency_target")->text(), "250ms");
}

TEST_F(ScenarioPageTest, TheTextFollowsTheFormKeepingEverythingElse) {
  ScenarioPage page;
  nextCheck(page);
  const QString before = page.scenarioText();
  QLineEdit* percentile = field(page, "slo.percentile");
  percentile->setText("0.95");
  emit percentile->editingFinished();
  QString expected = before;
  expected.replace("percentile: 0.99", "percentile: 0.95");
  EXPECT_EQ(page.scenarioText(), expected);
  QLineEdit* seed = field(page, "seed");
  seed->setText("");  // cleared: the default applies
  emit seed->editingFinished();
  EXPECT_EQ(page.scenarioText().indexOf("seed:"), -1);
  EXPECT_TRUE(page.isModified());
  // The setups table edits the text too.
  page.setups()->setData(page.setups()->index(0, SetupTableModel::kMirrorFraction), "0.1");
  QCoreApplication::processEvents();  // table edits reach the text on the next event loop pass
  // The setup does not write it: it is added at the end of the setup's block.
  EXPECT_NE(page.scenarioText().indexOf("      target_utilization: 0.7\n    }\n  }\n"
                                        "  mirror_fraction: 0.1\n}\n"),
            -1)
      << page.scenarioText().toStdString();
  EXPECT_EQ(page.setups()->data(page.setups()->index(0, SetupTableModel::kMirrorFraction)), "0.1");
  EXPECT_FALSE(nextCheck(page));  // mirroring needs a shadow pool: the loader says so
  EXPECT_EQ(page.diagnostic().field, "setup[0].mirror_fraction");
}

TEST_F(ScenarioPageTest, ProblemsAreMarkedAtTheirLineAndFieldAfterTypingPauses) {
  ScenarioPage page;
  nextCheck(page);
  edit(page, "max_replicas: 60\n      target_utilization: 0.7\n    }\n  }\n}\n\n# A fixed",
       "max_replicas: 0\n      target_utilization: 0.7\n    }\n  }\n}\n\n# A fixed");
  // No checkNow(): the check runs by itself once typing pauses.
  EXPECT_FALSE(nextCheck(page));
  const ScenarioDiagnostic& d = page.diagnostic();
  EXPECT_EQ(d.field, "setup[0].policy[0].hpa.max_replicas");
  const QString line = page.editor()->document()->findBlockByNumber(d.line - 1).text();
  EXPECT_EQ(line.trimmed(), "max_replicas: 0");
  EXPECT_EQ(line.mid(d.column - 1, 12), "max_replicas");
  const auto marks = page.editor()->extraSelections();
  ASSERT_EQ(marks.size(), 2);
  EXPECT_EQ(marks[1].cursor.selectedText(), "max_replicas");
  const QString problem = page.findChild<QLabel*>("problem")->text();
  EXPECT_TRUE(problem.startsWith(
      QString("untitled.textproto:%1: setup[0].policy[0].hpa.max_replicas: ").arg(d.line)))
      << problem.toStdString();
  // A form field the problem is about is marked as well.
  QLineEdit* max = field(page, "live_pool.max_instances");
  max->setText("2");  // below the 4 initial instances
  emit max->editingFinished();
  edit(page, "max_replicas: 0", "max_replicas: 60");
  page.checkNow();
  EXPECT_FALSE(nextCheck(page));
  // The loader blames the 4 initial instances, which no longer fit.
  EXPECT_EQ(page.diagnostic().field, "live_pool.initial_instances") << page.diagnostic().message;
  EXPECT_FALSE(field(page, "live_pool.initial_instances")->styleSheet().isEmpty());
  EXPECT_TRUE(max->styleSheet().isEmpty());
  // Fixed: the marks go.
  max->setText("60");
  emit max->editingFinished();
  EXPECT_TRUE(nextCheck(page)) << page.diagnostic().message;
  EXPECT_TRUE(page.editor()->extraSelections().isEmpty());
}

TEST_F(ScenarioPageTest, SavesOpensAndRemembersRecentFiles) {
  ScenarioPage page;
  nextCheck(page);
  const QString file = QString::fromStdString(path("week.textproto"));
  ASSERT_TRUE(page.saveAs(file));
  EXPECT_EQ(page.scenarioPath(), file);
  EXPECT_EQ(page.displayName(), "week.textproto");
  EXPECT_FALSE(page.isModified());
  EXPECT_EQ(QString::fromStdString(readFile(file.toStdString())), page.scenarioText());
  EXPECT_EQ(page.recentFiles(), QStringList{file});

  const std::string other = write("other.textproto", "name: \"other\"\n");
  ScenarioPage second;
  nextCheck(second);
  ASSERT_TRUE(second.openFile(QString::fromStdString(other)));
  EXPECT_EQ(second.scenarioText(), "name: \"other\"\n");
  EXPECT_FALSE(nextCheck(second));  // no setup: the loader's message names the file
  EXPECT_TRUE(second.diagnostic().message.starts_with("other.textproto: "))
      << second.diagnostic().message;
  EXPECT_EQ(second.recentFiles(), (QStringList{QString::fromStdString(other), file}));
  EXPECT_FALSE(second.openFile(QString::fromStdString(path("missing.textproto"))));
  EXPECT_EQ(second.scenarioText(), "name: \"other\"\n");  // the open scenario stays
  EXPECT_EQ(listing(), "other.textproto settings week.textproto");
}

}  // namespace
}  // namespace shadowscale::studio
