#include "app/studio/charts/chart_view.h"

#include <QChart>
#include <QContextMenuEvent>
#include <QFileDialog>
#include <QImage>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace shadowscale::studio {

ChartView::ChartView(const QString& title, QWidget* parent) : QChartView(parent) {
  auto* c = new QChart();
  c->setTitle(title);
  c->setTheme(paletteIsDark(palette()) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
  c->legend()->setAlignment(Qt::AlignTop);
  c->setAnimationOptions(QChart::NoAnimation);
  c->setMargins(QMargins(4, 4, 4, 4));
  setChart(c);
  setRenderHint(QPainter::Antialiasing, true);
  setMinimumHeight(200);
  setToolTip(tr("Right-click to save this chart as PNG or SVG"));
}

bool ChartView::paletteIsDark(const QPalette& palette) {
  return palette.color(QPalette::Window).lightness() < 128;
}

bool ChartView::save(const QString& path, QString* error) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    if (error != nullptr) {
      *error = path + ": " + file.errorString();
    }
    return false;
  }
  if (path.endsWith(".svg", Qt::CaseInsensitive)) {
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setSize(size());
    svg.setViewBox(rect());
    svg.setTitle(chart()->title());
    QPainter painter(&svg);
    render(&painter);
  } else {
    QImage image(size() * devicePixelRatio(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(devicePixelRatio());
    image.fill(Qt::transparent);
    {
      QPainter painter(&image);
      render(&painter);
    }
    if (!image.save(&file, "PNG")) {
      if (error != nullptr) {
        *error = path + ": the image could not be encoded";
      }
      file.cancelWriting();
      return false;
    }
  }
  if (!file.commit()) {
    if (error != nullptr) {
      *error = path + ": " + file.errorString();
    }
    return false;
  }
  return true;
}

void ChartView::contextMenuEvent(QContextMenuEvent* event) {
  QMenu menu(this);
  addMenuActions(menu);
  if (!menu.isEmpty()) {
    menu.addSeparator();
  }
  const QString stem = chart()->title().toLower().replace(' ', '-');
  auto saveAs = [this, stem](const QString& suffix, const QString& filter) {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save chart"), stem + "." + suffix, filter);
    QString error;
    if (!path.isEmpty() && !save(path, &error)) {
      QMessageBox::warning(this, tr("Save chart"), error);
    }
  };
  menu.addAction(tr("Save as PNG…"), this, [=] { saveAs("png", tr("PNG image (*.png)")); });
  menu.addAction(tr("Save as SVG…"), this, [=] { saveAs("svg", tr("SVG drawing (*.svg)")); });
  menu.exec(event->globalPos());
}

}  // namespace shadowscale::studio
