#include "app/studio/studio_settings.h"

#include <QFileInfo>

namespace shadowscale::studio {

StudioSettings::StudioSettings() : settings_("shadowscale", "studio") {}

QByteArray StudioSettings::windowGeometry() const {
  return settings_.value("window/geometry").toByteArray();
}

QByteArray StudioSettings::windowState() const {
  return settings_.value("window/state").toByteArray();
}

void StudioSettings::saveWindow(const QByteArray& geometry, const QByteArray& state) {
  settings_.setValue("window/geometry", geometry);
  settings_.setValue("window/state", state);
}

QStringList StudioSettings::recentFiles() const {
  return settings_.value("recent/files").toStringList();
}

void StudioSettings::addRecentFile(const QString& path) {
  const QString full = QFileInfo(path).absoluteFilePath();
  QStringList files = recentFiles();
  files.removeAll(full);
  files.prepend(full);
  while (files.size() > kMaxRecent) {
    files.removeLast();
  }
  settings_.setValue("recent/files", files);
}

void StudioSettings::clearRecentFiles() {
  settings_.remove("recent/files");
}

QString StudioSettings::lastOutputFolder() const {
  return settings_.value("run/output_folder").toString();
}

void StudioSettings::setLastOutputFolder(const QString& path) {
  settings_.setValue("run/output_folder", path);
}

}  // namespace shadowscale::studio
