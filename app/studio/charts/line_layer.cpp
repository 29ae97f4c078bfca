#include "app/studio/charts/line_layer.h"

#include <QChart>
#include <QPaintEngine>
#include <QPainter>

#include <algorithm>

namespace shadowscale::studio {

namespace {

// Above QtCharts' series (which sit below 10) and below the hover cursor (100).
constexpr qreal kLayerZ = 50;

}  // namespace

LineLayer::LineLayer(QChart* chart) : QGraphicsItem(chart), chart_(chart) {
  setZValue(kLayerZ);
  setFlag(QGraphicsItem::ItemClipsToShape, false);
  setAcceptedMouseButtons(Qt::NoButton);
  setAcceptHoverEvents(false);
  plot_ = chart_->plotArea();
}

void LineLayer::clear() {
  lines_.clear();
  bands_.clear();
  update();
}

void LineLayer::addLine(QPolygonF points, const QPen& pen) {
  lines_.push_back({std::move(points), pen});
  update();
}

void LineLayer::addBand(const QPolygonF& upper, const QPolygonF& lower, const QBrush& brush) {
  QPolygonF outline = upper;
  outline.reserve(upper.size() + lower.size());
  for (auto it = lower.crbegin(); it != lower.crend(); ++it) {
    outline.append(*it);
  }
  bands_.push_back({std::move(outline), brush});
  update();
}

void LineLayer::setDomain(const QRectF& domain) {
  domain_ = domain;
  update();
}

void LineLayer::plotAreaChanged() {
  prepareGeometryChange();
  plot_ = chart_->plotArea();
  update();
}

QRectF LineLayer::boundingRect() const {
  return plot_;
}

void LineLayer::toPixels(const QPolygonF& points, QPolygonF& out) const {
  out.resize(points.size());
  const double sx = domain_.width() > 0 ? plot_.width() / domain_.width() : 0;
  const double sy = domain_.height() > 0 ? plot_.height() / domain_.height() : 0;
  const double x0 = domain_.left(), y0 = domain_.top();
  const double left = plot_.left(), bottom = plot_.bottom();
  for (qsizetype i = 0; i < points.size(); ++i) {
    out[i] = QPointF(left + (points[i].x() - x0) * sx, bottom - (points[i].y() - y0) * sy);
  }
}

void LineLayer::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  if (plot_.isEmpty() || domain_.isEmpty()) {
    return;
  }
  painter->save();
  painter->setClipRect(plot_, Qt::IntersectClip);
  painter->setPen(Qt::NoPen);
  // A band's outline zigzags up and down every pixel column: filled with antialiasing, the
  // rasterizer keeps a long list of edge cells per pixel row and inserts into it one by one,
  // which cost more than everything else on the page. Its edges are translucent and lie under
  // lines, so it is filled without.
  const bool antialiased = painter->testRenderHint(QPainter::Antialiasing);
  painter->setRenderHint(QPainter::Antialiasing, false);
  for (const Band& b : bands_) {
    toPixels(b.outline, scratch_);
    painter->setBrush(b.brush);
    painter->drawPolygon(scratch_);
  }
  painter->setRenderHint(QPainter::Antialiasing, antialiased);
  painter->setBrush(Qt::NoBrush);
  // On screen and in PNGs a line is drawn as its segments, not as one polyline: a wide
  // antialiased polyline is stroked as one outline and rasterized as above (slow for the same
  // reason), while separate segments with a flat or square cap are rasterized one by one as
  // thick lines. An SVG gets one polyline per line.
  const bool raster =
      painter->paintEngine() != nullptr && painter->paintEngine()->type() == QPaintEngine::Raster;
  for (const Line& l : lines_) {
    toPixels(l.points, scratch_);
    painter->setPen(l.pen);
    if (!raster) {
      painter->drawPolyline(scratch_);
      continue;
    }
    segments_.clear();
    for (qsizetype i = 1; i < scratch_.size(); ++i) {
      segments_.emplace_back(scratch_[i - 1], scratch_[i]);
    }
    painter->drawLines(segments_.data(), static_cast<int>(segments_.size()));
  }
  painter->restore();
}

}  // namespace shadowscale::studio
