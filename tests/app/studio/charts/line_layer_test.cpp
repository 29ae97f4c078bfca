// The line layer of the time charts, painted into an image: lines and bands land where their
// data units say within the plot area, and nothing is drawn outside it.
#include "app/studio/charts/line_layer.h"

#include <QChart>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>

#include <gtest/gtest.h>

#include "tests/app/studio/qt_app.h"

namespace shadowscale::studio {
namespace {

// A chart of 400 x 300 whose plot area is (50, 50) to (350, 250), and its layer.
struct Plot {
  QGraphicsScene scene;
  QChart* chart = new QChart();
  LineLayer* layer = nullptr;
  Plot() {
    scene.addItem(chart);
    chart->setGeometry(0, 0, 400, 300);
    chart->setBackgroundVisible(false);
    chart->setPlotArea(QRectF(50, 50, 300, 200));
    layer = new LineLayer(chart);
    layer->plotAreaChanged();
  }
  QImage paint() {
    QImage image(400, 300, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    scene.render(&painter, QRectF(0, 0, 400, 300), QRectF(0, 0, 400, 300));
    return image;
  }
};

TEST(LineLayerTest, LinesAndBandsAreDrawnAtTheirDataPositionsInsideThePlot) {
  qtApp();
  Plot plot;
  // x 0..10 spans the plot's width, y 0..100 its height (up).
  plot.layer->setDomain(QRectF(0, 0, 10, 100));
  QPen red(QColor(255, 0, 0), 3);
  // A level line at y = 75, running from x = -5 to 15: cut at the plot's edges.
  plot.layer->addLine(QPolygonF({{-5, 75}, {15, 75}}), red);
  // A band from 10 to 30 over x 2..4 (the upper and lower edges each in x order).
  plot.layer->addBand(QPolygonF({{2, 30}, {4, 30}}), QPolygonF({{2, 10}, {4, 10}}),
                      QBrush(QColor(0, 0, 255)));
  EXPECT_EQ(plot.layer->lineCount(), 1);
  EXPECT_EQ(plot.layer->bandCount(), 1);
  const QImage image = plot.paint();
  // y = 75 is a quarter down the plot: 50 + 200 / 4 = 100.
  EXPECT_EQ(image.pixelColor(200, 100), QColor(255, 0, 0));
  EXPECT_EQ(image.pixelColor(200, 110), QColor(Qt::white));
  // Outside the plot area nothing is drawn, though the line runs on in data units.
  EXPECT_EQ(image.pixelColor(20, 100), QColor(Qt::white));
  EXPECT_EQ(image.pixelColor(380, 100), QColor(Qt::white));
  // The band: x 3 is 50 + 90 = 140, y 20 is 250 - 40 = 210.
  EXPECT_EQ(image.pixelColor(140, 210), QColor(0, 0, 255));
  EXPECT_EQ(image.pixelColor(140, 180), QColor(Qt::white));  // above it (y 35)
  EXPECT_EQ(image.pixelColor(200, 210), QColor(Qt::white));  // beside it (x 5)

  // A zoom: the same data over x 0..5 puts the band's x 3 at 50 + 180 = 230.
  plot.layer->setDomain(QRectF(0, 0, 5, 100));
  EXPECT_EQ(plot.paint().pixelColor(230, 210), QColor(0, 0, 255));
  plot.layer->clear();
  EXPECT_EQ(plot.paint().pixelColor(200, 100), QColor(Qt::white));
}

}  // namespace
}  // namespace shadowscale::studio
