#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

namespace shadowscale::studio {

// The studio's one place for what it remembers between sessions (QSettings, organisation
// "shadowscale", application "studio"): window layout, recent scenarios and run folders, the
// last output folder.
class StudioSettings {
 public:
  static constexpr int kMaxRecent = 8;

  StudioSettings();

  QByteArray windowGeometry() const;
  QByteArray windowState() const;
  void saveWindow(const QByteArray& geometry, const QByteArray& state);

  // Most recent first, without duplicates, at most kMaxRecent.
  QStringList recentFiles() const;
  void addRecentFile(const QString& path);
  void clearRecentFiles();

  QString lastOutputFolder() const;
  void setLastOutputFolder(const QString& path);

 private:
  QSettings settings_;
};

}  // namespace shadowscale::studio
