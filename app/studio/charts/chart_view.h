#pragma once

#include <QChartView>
#include <QPalette>
#include <QString>

namespace shadowscale::studio {

// A chart view every studio chart is: it follows the application's palette (light or dark) and
// saves itself as PNG or SVG (the file is written whole or not at all), from its context menu or
// by save().
class ChartView : public QChartView {
  Q_OBJECT

 public:
  explicit ChartView(const QString& title, QWidget* parent = nullptr);

  // Whether `palette` is a dark one (its window colour is): charts then use QtCharts' dark
  // theme, so a dark desktop gets dark charts.
  static bool paletteIsDark(const QPalette& palette);

  // Writes the chart as it is drawn now: SVG when `path` ends in .svg, else PNG. False, with
  // `error` set, if the file cannot be written.
  bool save(const QString& path, QString* error = nullptr);

 protected:
  void contextMenuEvent(QContextMenuEvent* event) override;
  // Extra entries a chart kind adds to the context menu.
  virtual void addMenuActions(class QMenu&) {}
};

}  // namespace shadowscale::studio
