#include "app/studio/charts/run_charts.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QGridLayout>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTimer>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "app/studio/charts/time_chart.h"
#include "report/svg_chart.h"
#include "report/trade_off.h"

namespace shadowscale::studio {

namespace {

double metricOr(const std::vector<std::pair<std::string, double>>& metrics, const char* key) {
  for (const auto& [k, v] : metrics) {
    if (k == key) {
      return v;
    }
  }
  return std::nan("");
}

}  // namespace

SetupFigures figuresOf(const std::string& setup,
                       const std::vector<std::pair<std::string, double>>& metrics) {
  SetupFigures f;
  f.setup = setup;
  f.cost = metricOr(metrics, "cost_total");
  f.slo_violation_minutes = metricOr(metrics, "slo_violation_minutes");
  f.lag_p50_s = metricOr(metrics, "scaling_lag_p50_s");
  f.lag_p90_s = metricOr(metrics, "scaling_lag_p90_s");
  f.lag_max_s = metricOr(metrics, "scaling_lag_max_s");
  return f;
}

RunCharts::RunCharts(QWidget* parent) : QWidget(parent) {
  group_ = new ChartGroup(this);
  pump_ = new QTimer(this);
  pump_->setInterval(0);
  connect(pump_, &QTimer::timeout, this, &RunCharts::refreshNext);
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(0, 0, 0, 0);
  legend_ = new QLabel();
  legend_->setWordWrap(true);
  legend_->setToolTip(tr("Each setup has its colour on every chart; hover a chart for values"));
  grid->addWidget(legend_, 0, 0, 1, 2);
  updateLegend();  // its line from the start: the charts do not shrink when the first rows come
  // The line styles are named in the titles: the shared legend gives the colours.
  demand_ = new TimeChart(tr("Demand (grey); forecast median (dashed) and band"), tr("requests/s"));
  ready_ = new TimeChart(tr("Ready instances (solid); starting (dashed)"), tr("instances"));
  latency_ = new TimeChart(tr("Latency: p99 (solid), p50 (dotted), SLO (dashed)"), tr("ms"));
  errors_ = new TimeChart(tr("Error rate"), tr("share failed"));
  cost_ = new TimeChart(tr("Cumulative cost"), tr("cost"));
  lag_ = new ChartView(tr("Scaling lag: p50, p90 and max"));
  trade_off_ = new ChartView(tr("Trade-off: SLO violations against cost"));
  const std::vector<QWidget*> order = {demand_, ready_, latency_, errors_, cost_, lag_, trade_off_};
  for (std::size_t i = 0; i < order.size(); ++i) {
    grid->addWidget(order[i], 1 + static_cast<int>(i / 2), static_cast<int>(i % 2));
  }
  for (int row = 1; row <= 4; ++row) {
    grid->setRowStretch(row, 1);  // four rows of equal height under the legend
  }
  for (TimeChart* c : {demand_, ready_, latency_, errors_, cost_}) {
    group_->add(c);
    c->chart()->legend()->hide();
  }
  lag_->setToolTip(
      tr("Scaling lag per setup: positive = capacity came late, negative = it was "
         "ready early; an early lead is capped at one hour (-3599 s). Right-click "
         "to save."));
  trade_off_->setToolTip(
      tr("One point per setup and run: cost against SLO-violation minutes. "
         "The dashed line joins the setups no other beats on both. "
         "Right-click to save."));
}

std::vector<ChartView*> RunCharts::charts() const {
  return {demand_, ready_, latency_, errors_, cost_, lag_, trade_off_};
}

QColor RunCharts::colorOf(const std::string& setup) const {
  const auto it = std::find(setup_names_.begin(), setup_names_.end(), setup);
  return QColor(setupColor(static_cast<std::size_t>(it - setup_names_.begin())));
}

QString RunCharts::nameOf(std::size_t run, const std::string& what) const {
  const QString w = QString::fromStdString(what);
  return runs_.size() > 1 && !runs_[run].label.isEmpty() ? runs_[run].label + ": " + w : w;
}

// What decides which lines exist: the setups of each run and which of them forecast.
std::string RunCharts::shapeOf() const {
  std::string shape;
  for (const RunView& r : runs_) {
    shape += "|";
    if (r.table == nullptr) {
      continue;
    }
    for (const SetupSeries& s : r.table->setups) {
      shape += s.name + (s.has_forecast ? "+f" : "") + ",";
    }
  }
  return shape;
}

void RunCharts::setRuns(std::vector<RunView> runs) {
  runs_ = std::move(runs);
  buildTimeLines();
  flush();
  buildSummaryCharts();
}

void RunCharts::setFigures(std::size_t run, std::vector<SetupFigures> figures) {
  if (run < runs_.size()) {
    runs_[run].figures = std::move(figures);
    buildSummaryCharts();
  }
}

void RunCharts::refresh() {
  if (!isVisible()) {
    stale_ = true;
    return;
  }
  stale_ = false;
  if (shapeOf() != shape_) {
    buildTimeLines();
    return;
  }
  for (TimeChart* c : group_->charts()) {
    if (std::find(dirty_.begin(), dirty_.end(), c) == dirty_.end()) {
      dirty_.push_back(c);
    }
  }
  pump_->start();
}

void RunCharts::refreshNext() {
  if (dirty_.empty()) {
    pump_->stop();
    return;
  }
  TimeChart* next = dirty_.front();
  dirty_.erase(dirty_.begin());
  const auto rebuild = std::find(rebuild_.begin(), rebuild_.end(), next);
  if (rebuild != rebuild_.end()) {
    rebuild_.erase(rebuild);
    buildLinesOf(next);
  }
  next->refresh();
}

void RunCharts::flush() {
  while (!dirty_.empty()) {
    refreshNext();
  }
  pump_->stop();
}

void RunCharts::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (stale_) {
    refresh();
  }
}

void RunCharts::buildTimeLines() {
  shape_ = shapeOf();
  setup_names_.clear();
  for (const RunView& r : runs_) {
    if (r.table == nullptr) {
      continue;
    }
    for (const SetupSeries& s : r.table->setups) {
      if (std::find(setup_names_.begin(), setup_names_.end(), s.name) == setup_names_.end()) {
        setup_names_.push_back(s.name);
      }
    }
  }
  updateLegend();
  // Each chart gets its lines again and is redrawn, one per event-loop turn.
  dirty_ = group_->charts();
  rebuild_ = group_->charts();
  pump_->start();
}

void RunCharts::buildLinesOf(TimeChart* chart) {
  chart->clearLines();
  chart->setRule(std::nullopt, {});
  for (std::size_t k = 0; k < runs_.size(); ++k) {
    const RunView& r = runs_[k];
    if (r.table == nullptr) {
      continue;
    }
    // Later runs are drawn darker and thinner, so two runs of one setup stay apart.
    auto shade = [&](QColor c) { return k == 0 ? c : c.darker(100 + 45 * static_cast<int>(k)); };
    const qreal width = k == 0 ? 1.8 : 1.2;
    chart->setEpoch(r.table->epoch_unix_s);
    if (r.warmup_s > 0) {
      chart->setShade(r.table->t_min, r.table->t_min + r.warmup_s,
                      tr("warm-up (not in the metrics)"));
    }
    if (chart == demand_ && !r.table->setups.empty()) {
      // Every setup sees the same traffic: one demand line per run.
      demand_->addLine({nameOf(k, "demand"), shade(QColor(110, 110, 110)), Qt::SolidLine, width,
                        r.table, r.table->setups.front().name, Quantity::kDemand});
    }
    for (const SetupSeries& s : r.table->setups) {
      const QColor c = shade(colorOf(s.name));
      auto line = [&](const std::string& suffix, Qt::PenStyle style, qreal w, Quantity q) {
        chart->addLine({nameOf(k, s.name + suffix), c, style, w, r.table, s.name, q});
      };
      if (chart == demand_ && s.has_forecast) {
        demand_->addBand({nameOf(k, s.name + " forecast band"), c, r.table, s.name});
        line(" forecast p50", Qt::DashLine, width, Quantity::kForecastP50);
      } else if (chart == ready_) {
        line("", Qt::SolidLine, width, Quantity::kReady);
        line(" starting", Qt::DashLine, 1.0, Quantity::kStarting);
      } else if (chart == latency_) {
        line(" p99", Qt::SolidLine, width, Quantity::kP99);
        line(" p50", Qt::DotLine, 1.0, Quantity::kP50);
      } else if (chart == errors_) {
        line("", Qt::SolidLine, width, Quantity::kErrorRate);
      } else if (chart == cost_) {
        line("", Qt::SolidLine, width, Quantity::kCostCumulative);
      }
    }
    if (chart == latency_ && k == 0 && r.slo_latency_ms) {
      latency_->setRule(r.slo_latency_ms,
                        tr("SLO: p%1 %2 ms").arg(r.slo_percentile * 100).arg(*r.slo_latency_ms));
    }
  }
}

void RunCharts::updateLegend() {
  // One legend for every time chart: the colours are the setups' everywhere, and a legend per
  // chart listing each setup's two or three lines did not fit a chart's width.
  QStringList items;
  for (const std::string& name : setup_names_) {
    items << QString("<span style=\"color:%1\">&#9632;</span>&nbsp;%2")
                 .arg(colorOf(name).name(), QString::fromStdString(name).toHtmlEscaped());
  }
  QString text = items.join("&nbsp;&nbsp;&nbsp;");
  if (runs_.size() > 1) {
    QStringList labels;
    for (std::size_t k = 0; k < runs_.size(); ++k) {
      labels << runs_[k].label.toHtmlEscaped();
    }
    text +=
        tr("&nbsp;&nbsp;&nbsp;runs: %1 (each later run darker and thinner)").arg(labels.join(", "));
  }
  text +=
      tr("&nbsp;&nbsp;&nbsp;<span style=\"color:#888\">&#9632;</span>&nbsp;grey "
         "shade: warm-up, not in the metrics");
  legend_->setText(text);
}

void RunCharts::buildSummaryCharts() {
  // Scaling lag: p50, p90 and max per setup (and run), in seconds.
  QChart* lag = lag_->chart();
  lag->removeAllSeries();
  for (QAbstractAxis* a : lag->axes()) {
    lag->removeAxis(a);
    delete a;
  }
  auto* bars = new QBarSeries();
  double lag_lo = 0, lag_hi = 1;
  for (std::size_t k = 0; k < runs_.size(); ++k) {
    for (const SetupFigures& f : runs_[k].figures) {
      auto* set = new QBarSet(nameOf(k, f.setup));
      set->setColor(k == 0 ? colorOf(f.setup) : colorOf(f.setup).darker(100 + 45 * int(k)));
      for (double v : {f.lag_p50_s, f.lag_p90_s, f.lag_max_s}) {
        const double x = std::isfinite(v) ? v : 0;
        set->append(x);
        lag_lo = std::min(lag_lo, x);
        lag_hi = std::max(lag_hi, x);
      }
      bars->append(set);
    }
  }
  lag->addSeries(bars);
  auto* categories = new QBarCategoryAxis();
  categories->append({"p50", "p90", "max"});
  lag->addAxis(categories, Qt::AlignBottom);
  bars->attachAxis(categories);
  auto* seconds = new QValueAxis();
  seconds->setTitleText(tr("s late (+), early (-)"));
  seconds->setRange(lag_lo * 1.05, lag_hi * 1.05);
  seconds->applyNiceNumbers();
  lag->addAxis(seconds, Qt::AlignLeft);
  bars->attachAxis(seconds);

  // Trade-off: cost against SLO-violation minutes, one point per setup and run, and the front.
  QChart* trade = trade_off_->chart();
  trade->removeAllSeries();
  for (QAbstractAxis* a : trade->axes()) {
    trade->removeAxis(a);
    delete a;
  }
  auto* cost_axis = new QValueAxis();
  cost_axis->setTitleText(tr("cost"));
  auto* minutes_axis = new QValueAxis();
  minutes_axis->setTitleText(tr("SLO-violation minutes"));
  trade->addAxis(cost_axis, Qt::AlignBottom);
  trade->addAxis(minutes_axis, Qt::AlignLeft);
  std::vector<TradeOffPoint> points;
  double x_hi = 1, y_hi = 1;
  for (std::size_t k = 0; k < runs_.size(); ++k) {
    for (const SetupFigures& f : runs_[k].figures) {
      points.push_back({nameOf(k, f.setup).toStdString(), f.cost, f.slo_violation_minutes});
      if (!std::isfinite(f.cost) || !std::isfinite(f.slo_violation_minutes)) {
        continue;
      }
      auto* dot = new QScatterSeries();
      dot->setName(nameOf(k, f.setup));
      dot->setColor(k == 0 ? colorOf(f.setup) : colorOf(f.setup).darker(100 + 45 * int(k)));
      dot->setMarkerSize(k == 0 ? 13 : 10);
      dot->setMarkerShape(k == 0 ? QScatterSeries::MarkerShapeCircle
                                 : QScatterSeries::MarkerShapeRectangle);
      dot->append(f.cost, f.slo_violation_minutes);
      const QString tip = tr("%1: cost %2, %3 SLO-violation minutes")
                              .arg(dot->name())
                              .arg(f.cost, 0, 'f', 2)
                              .arg(f.slo_violation_minutes);
      connect(dot, &QScatterSeries::hovered, this, [tip](const QPointF&, bool on) {
        if (on) {
          QToolTip::showText(QCursor::pos(), tip);
        }
      });
      trade->addSeries(dot);
      dot->attachAxis(cost_axis);
      dot->attachAxis(minutes_axis);
      x_hi = std::max(x_hi, f.cost);
      y_hi = std::max(y_hi, f.slo_violation_minutes);
    }
  }
  const std::vector<std::size_t> front = paretoFront(points);
  if (front.size() >= 2) {
    auto* line = new QLineSeries();
    line->setName(tr("Pareto front"));
    line->setPen(QPen(QColor(128, 128, 128), 1.5, Qt::DashLine));
    for (std::size_t i : front) {
      line->append(points[i].cost, points[i].slo_violation_minutes);
    }
    trade->addSeries(line);
    line->attachAxis(cost_axis);
    line->attachAxis(minutes_axis);
  }
  cost_axis->setRange(0, x_hi * 1.1);
  cost_axis->applyNiceNumbers();
  minutes_axis->setRange(0, y_hi * 1.1);
  minutes_axis->applyNiceNumbers();
}

}  // namespace shadowscale::studio
