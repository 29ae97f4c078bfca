// The studio's one settings class: recent scenarios and run folders, window layout and the last
// output folder, kept in a test folder instead of the user's settings.
#include "app/studio/models/studio_settings.h"

#include <QFileInfo>

#include <gtest/gtest.h>

#include <string>

#include "tests/app/studio/qt_app.h"
#include "tests/app/studio/studio_test_dir.h"

namespace shadowscale::studio {
namespace {

class StudioSettingsTest : public StudioTestDir {
 protected:
  void SetUp() override {
    StudioTestDir::SetUp();
    qtApp();
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       QString::fromStdString(path("settings")));
    QSettings("shadowscale", "studio").clear();
  }
};

TEST_F(StudioSettingsTest, RecentPathsAreAbsoluteNewestFirstWithoutDuplicatesAndBounded) {
  StudioSettings settings;
  EXPECT_TRUE(settings.recentScenarios().isEmpty());
  const QString a = QString::fromStdString(path("a.textproto"));
  const QString b = QString::fromStdString(path("b.textproto"));
  settings.addRecentScenario(a);
  settings.addRecentScenario(b);
  settings.addRecentScenario(a);
  EXPECT_EQ(settings.recentScenarios(), (QStringList{a, b}));
  // A relative path is kept as the absolute one it names.
  settings.addRecentScenario("scenarios/default.textproto");
  EXPECT_EQ(settings.recentScenarios().front(),
            QFileInfo("scenarios/default.textproto").absoluteFilePath());
  for (int i = 0; i < StudioSettings::kMaxRecent + 3; ++i) {
    settings.addRecentRun(QString::fromStdString(path("run" + std::to_string(i))));
  }
  const QStringList runs = settings.recentRuns();
  ASSERT_EQ(runs.size(), StudioSettings::kMaxRecent);
  EXPECT_EQ(runs.front(), QString::fromStdString(path("run10")));
  // Scenarios and runs are kept apart, and another instance sees both.
  EXPECT_EQ(StudioSettings().recentScenarios().size(), 3);
  StudioSettings().clearRecent();
  EXPECT_TRUE(settings.recentScenarios().isEmpty());
  EXPECT_TRUE(settings.recentRuns().isEmpty());
}

TEST_F(StudioSettingsTest, WindowLayoutAndOutputFolderSurviveANewInstance) {
  {
    StudioSettings settings;
    EXPECT_TRUE(settings.windowGeometry().isEmpty());
    settings.saveWindow("geometry-bytes", "state-bytes");
    settings.setLastOutputFolder("/tmp/runs");
  }
  const StudioSettings again;
  EXPECT_EQ(again.windowGeometry(), QByteArray("geometry-bytes"));
  EXPECT_EQ(again.windowState(), QByteArray("state-bytes"));
  EXPECT_EQ(again.lastOutputFolder(), "/tmp/runs");
}

}  // namespace
}  // namespace shadowscale::studio
