#pragma once

#include <QBrush>
#include <QGraphicsItem>
#include <QLineF>
#include <QPen>
#include <QPolygonF>
#include <QRectF>

#include <vector>

class QChart;

namespace shadowscale::studio {

// The lines and bands of a time chart, painted in its plot area as plain polylines and filled
// polygons. QtCharts keeps the axes, grid, legend, rule and shade; its line items are not used
// for data, because laying one out builds a hover outline of the whole line (two atan2 per
// point) on every zoom, which cost a whole Run page redraw about 100 ms of CPU. Points are kept
// in the chart's data units (hours, values) and mapped to pixels when painted, so a change of
// the plot area after QtCharts lays its axes out needs no recomputation.
class LineLayer : public QGraphicsItem {
 public:
  // Adds itself to `chart` (as a child item, above the series).
  explicit LineLayer(QChart* chart);

  // Removes every line and band.
  void clear();
  // A line through `points` (data units), drawn with `pen`.
  void addLine(QPolygonF points, const QPen& pen);
  // A band between `upper` and `lower` (data units, each in x order), filled with `brush`.
  void addBand(const QPolygonF& upper, const QPolygonF& lower, const QBrush& brush);
  // The data range the plot area shows: x from left to right, y from bottom to top.
  void setDomain(const QRectF& domain);
  // The plot area moved or was resized (QChart::plotAreaChanged).
  void plotAreaChanged();

  // Lines and bands held (for tests).
  int lineCount() const { return static_cast<int>(lines_.size()); }
  int bandCount() const { return static_cast<int>(bands_.size()); }

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  struct Line {
    QPolygonF points;
    QPen pen;
  };
  struct Band {
    QPolygonF outline;  // upper in x order, then lower backwards
    QBrush brush;
  };
  // `points` mapped from data units to the plot area's pixels, into `out`.
  void toPixels(const QPolygonF& points, QPolygonF& out) const;

  QChart* chart_;
  QRectF plot_;
  QRectF domain_;
  std::vector<Line> lines_;
  std::vector<Band> bands_;
  QPolygonF scratch_;
  std::vector<QLineF> segments_;
};

}  // namespace shadowscale::studio
