#include "app/studio/charts/time_chart.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QDateTime>
#include <QGraphicsLineItem>
#include <QKeyEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMenu>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

#include "app/studio/charts/line_layer.h"
#include "report/decimation.h"
#include "report/svg_chart.h"

namespace shadowscale::studio {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A value as the hover read-out shows it: a few significant digits, no exponent for counts.
QString readable(double v) {
  const double a = std::fabs(v);
  if (a >= 100) {
    return QString::number(v, 'f', 0);
  }
  if (a >= 1) {
    return QString::number(v, 'f', 2);
  }
  return QString::number(v, 'g', 3);
}

}  // namespace

TimeChart::TimeChart(const QString& title, const QString& y_label, QWidget* parent)
    : ChartView(title, parent), y_label_(y_label) {
  y_axis_ = new QValueAxis(this);
  y_axis_->setTitleText(y_label);
  y_axis_->setLabelFormat("%.4g");
  chart()->addAxis(y_axis_, Qt::AlignLeft);
  rebuildXAxis();
  cursor_ = new QGraphicsLineItem();
  cursor_->setPen(QPen(QColor(128, 128, 128, 160), 1, Qt::DashLine));
  cursor_->setZValue(100);
  cursor_->hide();
  chart()->scene()->addItem(cursor_);
  layer_ = new LineLayer(chart());
  connect(chart(), &QChart::plotAreaChanged, this, [this] { layer_->plotAreaChanged(); });
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setToolTip(
      tr("Wheel or +/- to zoom, drag or arrow keys to pan, double-click or Home for the "
         "whole run; right-click to save as PNG or SVG"));
}

void TimeChart::rebuildXAxis() {
  // A category axis labelled at the report's own time ticks (timeTicks): whole UTC hours, days
  // or Monday weeks, the same on screen as in report.html.
  auto* axis = new QCategoryAxis(this);
  axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  axis->setTitleText(tr("time since the start of the run"));
  x_axis_ = axis;
  chart()->addAxis(x_axis_, Qt::AlignBottom);
}

void TimeChart::setEpoch(std::optional<std::int64_t> epoch_unix_s) {
  epoch_ = epoch_unix_s;
  x_axis_->setTitleText(epoch_ ? tr("time (UTC)") : tr("time since the start of the run"));
}

void TimeChart::attach(QAbstractSeries* series) {
  chart()->addSeries(series);
  series->attachAxis(x_axis_);
  series->attachAxis(y_axis_);
}

void TimeChart::addLine(const TimeLine& line) {
  auto* s = new QLineSeries(this);
  s->setName(line.name);
  QPen pen(line.color, line.width, line.style);
  pen.setCosmetic(true);
  s->setPen(pen);
  attach(s);
  lines_.push_back({line, s});
}

void TimeChart::clearLines() {
  for (Line& l : lines_) {
    chart()->removeSeries(l.series);
    delete l.series;
  }
  for (Band& b : bands_) {
    chart()->removeSeries(b.area);
    delete b.area;
    delete b.lower;
    delete b.upper;
  }
  lines_.clear();
  bands_.clear();
  layer_->clear();
}

void TimeChart::addBand(const TimeBand& band) {
  Band b{band, new QLineSeries(this), new QLineSeries(this), nullptr};
  b.area = new QAreaSeries(b.upper, b.lower);
  b.area->setParent(this);
  b.area->setName(band.name);
  QColor fill = band.color;
  fill.setAlpha(55);
  b.area->setBrush(fill);
  b.area->setPen(Qt::NoPen);
  attach(b.area);
  bands_.push_back(b);
}

void TimeChart::setRule(std::optional<double> y, const QString& label) {
  rule_y_ = y;
  if (!y) {
    if (rule_ != nullptr) {
      rule_->setVisible(false);
    }
    return;
  }
  if (rule_ == nullptr) {
    rule_ = new QLineSeries(this);
    QPen pen(QColor("#c0392b"), 1.5, Qt::DashLine);
    pen.setCosmetic(true);
    rule_->setPen(pen);
    attach(rule_);
  }
  rule_->setName(label);
  rule_->setVisible(true);
}

void TimeChart::setShade(double t0, double t1, const QString& label) {
  shade_t0_ = t0;
  shade_t1_ = t1;
  if (shade_ == nullptr) {
    shade_top_ = new QLineSeries(this);
    shade_ = new QAreaSeries(shade_top_);
    shade_->setParent(this);
    shade_->setBrush(QColor(128, 128, 128, 50));
    shade_->setPen(Qt::NoPen);
    attach(shade_);
  }
  shade_->setName(label);
  shade_->setVisible(t1 > t0);
}

std::pair<double, double> TimeChart::dataRange() const {
  double lo = kInf, hi = -kInf;
  auto cover = [&](const IntervalTable* t) {
    if (t != nullptr && t->rows > 0) {
      lo = std::min(lo, t->t_min);
      hi = std::max(hi, t->xMax());
    }
  };
  for (const Line& l : lines_) {
    cover(l.spec.table);
  }
  for (const Band& b : bands_) {
    cover(b.spec.table);
  }
  return lo < hi ? std::make_pair(lo, hi) : std::make_pair(0.0, 1.0);
}

std::pair<double, double> TimeChart::visibleRange() const {
  return zoom_ ? *zoom_ : dataRange();
}

void TimeChart::setVisibleRange(double t0, double t1) {
  if (t1 > t0) {
    zoom_ = std::make_pair(t0, t1);
    refresh();
  }
}

void TimeChart::resetZoom() {
  zoom_.reset();
  refresh();
}

double TimeChart::toChartX(double t) const {
  return t / 3600.0;
}

double TimeChart::fromChartX(double x) const {
  return x * 3600.0;
}

QList<QPointF> TimeChart::pointsOf(const IntervalTable* table, const std::string& setup, Quantity q,
                                   double t0, double t1, int columns, double& y_lo,
                                   double& y_hi) const {
  const SetupSeries* s = table != nullptr ? table->find(setup) : nullptr;
  QList<QPointF> points;
  if (s != nullptr) {
    const std::vector<double>& y = (*s)[q];
    if (decimate_) {
      for (const ChartPoint& p : decimateVisible(s->time_s, y, t0, t1, columns)) {
        points.append(QPointF(toChartX(p.x), p.y));
      }
    } else {
      const auto& x = s->time_s;
      auto i = std::lower_bound(x.begin(), x.end(), t0) - x.begin();
      const auto end = std::upper_bound(x.begin(), x.end(), t1) - x.begin();
      for (i = std::max<std::ptrdiff_t>(i - 1, 0); i < std::min<std::ptrdiff_t>(end + 1, x.size());
           ++i) {
        if (std::isfinite(y[i])) {
          points.append(QPointF(toChartX(x[i]), y[i]));
        }
      }
    }
  }
  for (const QPointF& p : points) {
    y_lo = std::min(y_lo, p.y());
    y_hi = std::max(y_hi, p.y());
  }
  return points;
}

void TimeChart::refresh() {
  const auto [t0, t1] = visibleRange();
  const double plot_w = chart()->plotArea().width();
  const int columns = plot_w >= 50 ? static_cast<int>(plot_w) : 800;
  double y_lo = kInf, y_hi = -kInf;
  // Every series' points first, in the order of dataSeries().
  std::vector<QList<QPointF>> points;
  for (const Line& l : lines_) {
    points.push_back(
        pointsOf(l.spec.table, l.spec.setup, l.spec.quantity, t0, t1, columns, y_lo, y_hi));
  }
  for (const Band& b : bands_) {
    points.push_back(
        pointsOf(b.spec.table, b.spec.setup, b.spec.lower, t0, t1, columns, y_lo, y_hi));
    points.push_back(
        pointsOf(b.spec.table, b.spec.setup, b.spec.upper, t0, t1, columns, y_lo, y_hi));
  }
  draw(points, t0, t1, y_lo, y_hi);
}

void TimeChart::setQtChartsLines(bool on) {
  qt_lines_ = on;
  layer_->clear();
  for (QLineSeries* series : dataSeries()) {
    series->clear();
  }
}

void TimeChart::draw(std::vector<QList<QPointF>>& points, double t0, double t1, double y_lo,
                     double y_hi) {
  points_drawn_ = 0;
  for (const QList<QPointF>& p : points) {
    points_drawn_ += static_cast<std::size_t>(p.size());
  }
  const std::vector<QLineSeries*> all = dataSeries();
  if (qt_lines_) {
    // QtCharts lays a line out again (with its hover outline, the costly part) whenever its
    // points or an axis range change: the lines are emptied, the axes set, and only then each
    // line gets its points, so each is laid out once per redraw instead of once per change.
    for (QLineSeries* series : all) {
      series->clear();
    }
    setAxes(t0, t1, y_lo, y_hi);
    for (std::size_t i = 0; i < all.size(); ++i) {
      all[i]->replace(points[i]);
    }
    return;
  }
  // The series stay empty (they give the legend its entries); the layer draws the data.
  setAxes(t0, t1, y_lo, y_hi);
  layer_->clear();
  std::size_t i = 0;
  for (const Line& l : lines_) {
    layer_->addLine(QPolygonF(std::move(points[i++])), l.series->pen());
  }
  for (const Band& b : bands_) {
    const QPolygonF lower(std::move(points[i++]));
    const QPolygonF upper(std::move(points[i++]));
    layer_->addBand(upper, lower, b.area->brush());
  }
  layer_->setDomain(QRectF(toChartX(t0), y_axis_->min(), toChartX(t1) - toChartX(t0),
                           y_axis_->max() - y_axis_->min()));
}

void TimeChart::setAxes(double t0, double t1, double y_lo, double y_hi) {
  if (rule_y_) {
    y_lo = std::min(y_lo, *rule_y_);
    y_hi = std::max(y_hi, *rule_y_);
    const QList<QPointF> rule{{toChartX(t0), *rule_y_}, {toChartX(t1), *rule_y_}};
    if (rule_->points() != rule) {
      rule_->replace(rule);
    }
  }
  // Each axis change lays out all of that axis's labels again (rich text, the costly part of
  // a redraw once the lines are drawn by the layer): an axis is only changed when what it
  // shows does. While a run streams in, the value range rarely changes (only a new peak
  // raises it).
  const double lo = std::isfinite(y_lo) ? std::min(0.0, y_lo) : 0.0;
  const double hi = std::isfinite(y_hi) && y_hi > lo ? y_hi + (y_hi - lo) * 0.05 : lo + 1;
  if (y_fit_ != std::make_pair(lo, hi)) {
    y_fit_ = std::make_pair(lo, hi);
    y_axis_->setRange(lo, hi);
    y_axis_->applyNiceNumbers();
  }
  if (shade_ != nullptr) {
    const double s0 = std::max(t0, shade_t0_), s1 = std::min(t1, shade_t1_);
    const double top = y_axis_->max();
    const QList<QPointF> shade =
        s1 > s0 ? QList<QPointF>{{toChartX(s0), top}, {toChartX(s1), top}} : QList<QPointF>{};
    if (shade_top_->points() != shade) {
      shade_top_->replace(shade);
    }
  }
  setTimeTicks(t0, t1);
}

void TimeChart::setTimeTicks(double t0, double t1) {
  auto* axis = static_cast<QCategoryAxis*>(x_axis_);
  const QRectF plot = chart()->plotArea();
  const int count = std::clamp(static_cast<int>(plot.width() / 110), 3, 10);
  std::vector<std::pair<QString, double>> ticks;
  for (const AxisTick& tick : timeTicks(t0, t1, epoch_, count)) {
    if (tick.value >= t0 && tick.value <= t1) {
      // The sublabel (the year, at the first tick) goes on a second line: beside the date
      // it made the label wider than its slot, and QtCharts cut it short.
      ticks.emplace_back(tick.sublabel.empty()
                             ? QString::fromStdString(tick.label)
                             : QString::fromStdString(tick.label + "<br>" + tick.sublabel),
                         toChartX(tick.value));
    }
  }
  if (ticks != x_ticks_) {
    for (const QString& label : axis->categoriesLabels()) {
      axis->remove(label);
    }
    for (const auto& [label, x] : ticks) {
      axis->append(label, x);
    }
    x_ticks_ = std::move(ticks);
  }
  if (axis->min() != toChartX(t0) || axis->max() != toChartX(t1)) {
    axis->setRange(toChartX(t0), toChartX(t1));
  }
}

std::vector<QLineSeries*> TimeChart::dataSeries() const {
  std::vector<QLineSeries*> all;
  for (const Line& l : lines_) {
    all.push_back(l.series);
  }
  for (const Band& b : bands_) {
    all.push_back(b.lower);
    all.push_back(b.upper);
  }
  return all;
}

QString TimeChart::timeText(double t) const {
  if (epoch_) {
    return QDateTime::fromSecsSinceEpoch(*epoch_ + static_cast<qint64>(std::floor(t)), Qt::UTC)
        .toString("ddd d MMM yyyy hh:mm 'UTC'");
  }
  return tr("%1 h since the start").arg(t / 3600.0, 0, 'f', 2);
}

QString TimeChart::readoutAt(double t) const {
  QString text = "<b>" + timeText(t).toHtmlEscaped() + "</b>";
  for (const Line& l : lines_) {
    const SetupSeries* s = l.spec.table != nullptr ? l.spec.table->find(l.spec.setup) : nullptr;
    if (s == nullptr || s->time_s.empty()) {
      continue;
    }
    // The row whose interval holds t.
    const auto it = std::upper_bound(s->time_s.begin(), s->time_s.end(), t);
    if (it == s->time_s.begin()) {
      continue;
    }
    const double v = (*s)[l.spec.quantity][static_cast<std::size_t>(it - s->time_s.begin() - 1)];
    if (std::isfinite(v)) {
      text += QString("<br><span style=\"color:%1\">&#9632;</span> %2: %3")
                  .arg(l.spec.color.name(), l.spec.name.toHtmlEscaped(), readable(v));
    }
  }
  return text;
}

double TimeChart::timeAt(const QPointF& view_pos) const {
  const QRectF plot = chart()->plotArea();
  const QPointF p = chart()->mapFromScene(mapToScene(view_pos.toPoint()));
  const auto [t0, t1] = visibleRange();
  const double frac = plot.width() > 0 ? (p.x() - plot.left()) / plot.width() : 0.5;
  return t0 + std::clamp(frac, 0.0, 1.0) * (t1 - t0);
}

void TimeChart::userRange(double t0, double t1) {
  const auto [d0, d1] = dataRange();
  const double span = std::min(t1 - t0, d1 - d0);
  // Not narrower than a few minutes, and never off the data.
  const double min_span = std::min(600.0, d1 - d0);
  double width = std::max(span, min_span);
  double start = std::clamp(t0, d0, d1 - width);
  if (start + width >= d1 && start <= d0) {
    resetZoom();
  } else {
    zoom_ = std::make_pair(start, start + width);
    refresh();
  }
  const auto [v0, v1] = visibleRange();
  emit visibleRangeChanged(v0, v1);
}

void TimeChart::zoomAround(double t, double factor) {
  const auto [t0, t1] = visibleRange();
  userRange(t - (t - t0) * factor, t + (t1 - t) * factor);
}

void TimeChart::panBy(double dt) {
  const auto [t0, t1] = visibleRange();
  userRange(t0 + dt, t1 + dt);
}

void TimeChart::wheelEvent(QWheelEvent* event) {
  const int delta = event->angleDelta().y();
  if (delta != 0) {
    zoomAround(timeAt(event->position()), delta > 0 ? 0.8 : 1.25);
  }
  event->accept();
}

void TimeChart::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) {
    drag_from_ = event->position();
  }
  QChartView::mousePressEvent(event);
}

void TimeChart::mouseMoveEvent(QMouseEvent* event) {
  const QRectF plot = chart()->plotArea();
  if (drag_from_) {
    const double dx = event->position().x() - drag_from_->x();
    const auto [t0, t1] = visibleRange();
    if (plot.width() > 0 && dx != 0) {
      panBy(-dx / plot.width() * (t1 - t0));
    }
    drag_from_ = event->position();
  }
  const QPointF p = chart()->mapFromScene(mapToScene(event->position().toPoint()));
  if (plot.contains(p)) {
    cursor_->setLine(QLineF(chart()->mapToScene(QPointF(p.x(), plot.top())),
                            chart()->mapToScene(QPointF(p.x(), plot.bottom()))));
    cursor_->show();
    QToolTip::showText(event->globalPosition().toPoint(), readoutAt(timeAt(event->position())),
                       this);
  } else {
    cursor_->hide();
  }
  QChartView::mouseMoveEvent(event);
}

void TimeChart::mouseReleaseEvent(QMouseEvent* event) {
  drag_from_.reset();
  QChartView::mouseReleaseEvent(event);
}

void TimeChart::mouseDoubleClickEvent(QMouseEvent* event) {
  resetZoom();
  const auto [t0, t1] = visibleRange();
  emit visibleRangeChanged(t0, t1);
  event->accept();
}

void TimeChart::keyPressEvent(QKeyEvent* event) {
  const auto [t0, t1] = visibleRange();
  const double mid = (t0 + t1) / 2;
  switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
      zoomAround(mid, 0.5);
      return;
    case Qt::Key_Minus:
      zoomAround(mid, 2.0);
      return;
    case Qt::Key_Left:
      panBy(-(t1 - t0) * 0.2);
      return;
    case Qt::Key_Right:
      panBy((t1 - t0) * 0.2);
      return;
    case Qt::Key_Home:
    case Qt::Key_0:
      resetZoom();
      emit visibleRangeChanged(visibleRange().first, visibleRange().second);
      return;
    default:
      QChartView::keyPressEvent(event);
  }
}

void TimeChart::resizeEvent(QResizeEvent* event) {
  QChartView::resizeEvent(event);
  // The layer maps its points to the plot area when it paints, so only a change of width (the
  // pixel columns the lines are thinned to, the time ticks that fit) needs the lines again; a
  // change of height, as when the legend above the charts wraps, is only repainted.
  if (event->size().width() != event->oldSize().width()) {
    refresh();
  }
}

void TimeChart::leaveEvent(QEvent* event) {
  cursor_->hide();
  QChartView::leaveEvent(event);
}

void TimeChart::addMenuActions(QMenu& menu) {
  menu.addAction(tr("Show the whole run"), this, [this] {
    resetZoom();
    emit visibleRangeChanged(visibleRange().first, visibleRange().second);
  });
}

void ChartGroup::add(TimeChart* chart) {
  charts_.push_back(chart);
  connect(chart, &TimeChart::visibleRangeChanged, this,
          [this, chart](double t0, double t1) { follow(chart, t0, t1); });
  connect(chart, &QObject::destroyed, this, [this, chart] {
    charts_.erase(std::remove(charts_.begin(), charts_.end(), chart), charts_.end());
  });
}

void ChartGroup::follow(TimeChart* source, double t0, double t1) {
  for (TimeChart* c : charts_) {
    if (c == source) {
      continue;
    }
    if (source->zoomed()) {
      c->setVisibleRange(t0, t1);
    } else {
      c->resetZoom();
    }
  }
}

void ChartGroup::refreshAll() {
  for (TimeChart* c : charts_) {
    c->refresh();
  }
}

void ChartGroup::resetZoom() {
  for (TimeChart* c : charts_) {
    c->resetZoom();
  }
}

}  // namespace shadowscale::studio
