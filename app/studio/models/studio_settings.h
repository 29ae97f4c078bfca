#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

namespace shadowscale::studio {

// The studio's one place for what it remembers between sessions (QSettings, organisation
// "shadowscale", application "studio"): window layout, recent scenarios and run folders, the
// last output folder. Pages and the main window each make one when they need it; QSettings
// shares their values within the process.
class StudioSettings {
 public:
  static constexpr int kMaxRecent = 8;

  StudioSettings();

  QByteArray windowGeometry() const;
  QByteArray windowState() const;
  void saveWindow(const QByteArray& geometry, const QByteArray& state);

  // Scenario files and run folders opened lately: absolute paths, most recent first, without
  // duplicates, at most kMaxRecent of each.
  QStringList recentScenarios() const;
  void addRecentScenario(const QString& path);
  QStringList recentRuns() const;
  void addRecentRun(const QString& dir);
  void clearRecent();

  QString lastOutputFolder() const;
  void setLastOutputFolder(const QString& path);

 private:
  QStringList recent(const char* key) const;
  void addRecent(const char* key, const QString& path);

  QSettings settings_;
};

}  // namespace shadowscale::studio
