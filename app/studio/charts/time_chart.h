#pragma once

#include <QColor>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/studio/charts/chart_view.h"
#include "report/run_data.h"

class QAbstractAxis;
class QAbstractSeries;
class QAreaSeries;
class QGraphicsLineItem;
class QLineSeries;
class QValueAxis;

namespace shadowscale::studio {

class LineLayer;

// One line of a time chart: one quantity of one setup of one run's interval rows.
struct TimeLine {
  QString name;  // legend text
  QColor color;
  Qt::PenStyle style = Qt::SolidLine;
  qreal width = 1.6;
  const IntervalTable* table = nullptr;  // owned by the page; outlives the chart
  std::string setup;
  Quantity quantity = Quantity::kDemand;
};

// A filled band between two quantities of one setup, e.g. a forecast's median to its upper
// quantile.
struct TimeBand {
  QString name;
  QColor color;
  const IntervalTable* table = nullptr;
  std::string setup;
  Quantity lower = Quantity::kForecastP50;
  Quantity upper = Quantity::kForecastUpper;
};

// A chart of quantities over run time. Every redraw thins each line to a minimum and maximum
// per pixel column of the visible range (decimateVisible), so 130,000 points per line redraw
// as fast as 2,000, and paints the lines and bands itself (LineLayer) over QtCharts' axes. Wheel or
// +/- zooms, dragging or the arrow keys pan, a double click or Home shows everything again;
// hovering lists every line's value at that time.
class TimeChart : public ChartView {
  Q_OBJECT

 public:
  TimeChart(const QString& title, const QString& y_label, QWidget* parent = nullptr);

  void addLine(const TimeLine& line);
  // Removes every line and band (the rule, shade and zoom stay).
  void clearLines();
  void addBand(const TimeBand& band);
  // A horizontal reference line (the SLO target), or none.
  void setRule(std::optional<double> y, const QString& label);
  // A shaded stretch of run time (the warm-up), or none when t1 <= t0.
  void setShade(double t0, double t1, const QString& label);
  // UTC time of run second 0: the axis shows dates; without it, hours since the start.
  void setEpoch(std::optional<std::int64_t> epoch_unix_s);
  // Off draws every visible point (the benchmark's baseline).
  void setDecimation(bool on) { decimate_ = on; }
  // On draws the lines and bands with QtCharts' own series items instead of the line layer
  // (the benchmark's baseline: what the chart did before the layer).
  void setQtChartsLines(bool on);

  // The visible run seconds; the whole data range until zoomed.
  std::pair<double, double> visibleRange() const;
  // Shows [t0, t1] (no signal: a group calls this to follow another chart).
  void setVisibleRange(double t0, double t1);
  // Follows the data again: the whole range, growing as rows arrive.
  void resetZoom();
  // Whether the planner zoomed or panned (else the chart follows the data).
  bool zoomed() const { return zoom_.has_value(); }
  // Recomputes every line for the visible range and the plot's width.
  void refresh();
  // Points drawn by the last refresh, over all lines (for tests and benchmarks).
  std::size_t pointsDrawn() const { return points_drawn_; }
  // What paints the lines and bands (unless QtCharts' series do).
  const LineLayer* lineLayer() const { return layer_; }
  // What hovering at run second `t` lists: the time, then "name: value" per line.
  QString readoutAt(double t) const;

 signals:
  // The planner zoomed or panned to [t0, t1].
  void visibleRangeChanged(double t0, double t1);

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void addMenuActions(QMenu& menu) override;

 private:
  struct Line {
    TimeLine spec;
    QLineSeries* series = nullptr;
  };
  struct Band {
    TimeBand spec;
    QLineSeries* lower = nullptr;
    QLineSeries* upper = nullptr;
    QAreaSeries* area = nullptr;
  };
  std::pair<double, double> dataRange() const;
  double toChartX(double t) const;
  double fromChartX(double x) const;
  double timeAt(const QPointF& view_pos) const;
  // The points of one quantity of one setup over [t0, t1], thinned to `columns` unless
  // decimation is off; widens [y_lo, y_hi] to them.
  QList<QPointF> pointsOf(const IntervalTable* table, const std::string& setup, Quantity q,
                          double t0, double t1, int columns, double& y_lo, double& y_hi) const;
  // Sets the time axis to [t0, t1] with its ticks, the value axis to fit [y_lo, y_hi] and the
  // SLO rule, and the warm-up shade to the new range.
  void setAxes(double t0, double t1, double y_lo, double y_hi);
  // Labels the time axis at the report's ticks for [t0, t1] and shows that range.
  void setTimeTicks(double t0, double t1);
  // The lines' series, then each band's lower and upper series.
  std::vector<QLineSeries*> dataSeries() const;
  // Hands the points of every line and band (dataSeries() order) to the line layer, or to
  // QtCharts' series with qt_lines_, and sets the axes.
  void draw(std::vector<QList<QPointF>>& points, double t0, double t1, double y_lo, double y_hi);
  void attach(QAbstractSeries* series);
  void rebuildXAxis();
  void zoomAround(double t, double factor);
  void panBy(double dt);
  void userRange(double t0, double t1);
  QString timeText(double t) const;

  std::vector<Line> lines_;
  std::vector<Band> bands_;
  QAbstractAxis* x_axis_ = nullptr;
  std::vector<std::pair<QString, double>> x_ticks_;  // the time axis's labels and positions
  std::optional<std::pair<double, double>> y_fit_;   // the value range last fitted
  QValueAxis* y_axis_ = nullptr;
  QLineSeries* rule_ = nullptr;
  std::optional<double> rule_y_;
  QAreaSeries* shade_ = nullptr;
  QLineSeries* shade_top_ = nullptr;
  double shade_t0_ = 0, shade_t1_ = 0;
  std::optional<std::int64_t> epoch_;
  std::optional<std::pair<double, double>> zoom_;
  bool decimate_ = true;
  bool qt_lines_ = false;
  LineLayer* layer_ = nullptr;  // a child item of the chart, which owns it
  std::size_t points_drawn_ = 0;
  QGraphicsLineItem* cursor_ = nullptr;
  std::optional<QPointF> drag_from_;
  QString y_label_;
};

// Keeps the time axes of several charts together: a zoom or pan on one is applied to all.
class ChartGroup : public QObject {
  Q_OBJECT

 public:
  explicit ChartGroup(QObject* parent = nullptr) : QObject(parent) {}
  void add(TimeChart* chart);
  void clear() { charts_.clear(); }
  void refreshAll();
  void resetZoom();
  const std::vector<TimeChart*>& charts() const { return charts_; }

 private:
  void follow(TimeChart* source, double t0, double t1);
  std::vector<TimeChart*> charts_;
};

}  // namespace shadowscale::studio
