#include "app/studio/models/studio_settings.h"

#include <QFileInfo>

namespace shadowscale::studio {

namespace {

const char* const kScenariosKey = "recent/scenarios";
const char* const kRunsKey = "recent/runs";

}  // namespace

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

QStringList StudioSettings::recent(const char* key) const {
  return settings_.value(key).toStringList();
}

void StudioSettings::addRecent(const char* key, const QString& path) {
  const QString full = QFileInfo(path).absoluteFilePath();
  QStringList paths = recent(key);
  paths.removeAll(full);
  paths.prepend(full);
  while (paths.size() > kMaxRecent) {
    paths.removeLast();
  }
  settings_.setValue(key, paths);
}

QStringList StudioSettings::recentScenarios() const {
  return recent(kScenariosKey);
}

void StudioSettings::addRecentScenario(const QString& path) {
  addRecent(kScenariosKey, path);
}

QStringList StudioSettings::recentRuns() const {
  return recent(kRunsKey);
}

void StudioSettings::addRecentRun(const QString& dir) {
  addRecent(kRunsKey, dir);
}

void StudioSettings::clearRecent() {
  settings_.remove(kScenariosKey);
  settings_.remove(kRunsKey);
}

QString StudioSettings::lastOutputFolder() const {
  return settings_.value("run/output_folder").toString();
}

void StudioSettings::setLastOutputFolder(const QString& path) {
  settings_.setValue("run/output_folder", path);
}

}  // namespace shadowscale::studio
