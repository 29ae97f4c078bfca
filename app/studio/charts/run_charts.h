#pragma once

#include <QColor>
#include <QString>
#include <QWidget>

#include <optional>
#include <string>
#include <vector>

#include "report/run_data.h"

class QBarSeries;
class QLabel;
class QTimer;
class QGridLayout;

namespace shadowscale {
struct SetupResult;
}

namespace shadowscale::studio {

class ChartGroup;
class ChartView;
class TimeChart;

// The summary figures one setup of one run contributes to the trade-off and lag charts.
struct SetupFigures {
  std::string setup;
  double cost = 0;
  double slo_violation_minutes = 0;
  double lag_p50_s = 0;
  double lag_p90_s = 0;
  double lag_max_s = 0;
};

SetupFigures figuresOf(const std::string& setup,
                       const std::vector<std::pair<std::string, double>>& metrics);

// One run as the charts draw it. The table is owned by the page and outlives the charts.
struct RunView {
  QString label;  // "" for a single run; the folder name when comparing
  const IntervalTable* table = nullptr;
  std::vector<SetupFigures> figures;  // setups that have finished
  double warmup_s = 0;
  std::optional<double> slo_latency_ms;
  double slo_percentile = 0.99;
};

// Every chart of one or more runs, each setup overlaid in its own colour (the same colour for
// the same setup name in every run): demand with each forecast and its quantile band; ready
// instances per setup with starting ones dashed; p99 (solid) and p50 (dotted) latency against
// the SLO line; error rate; cumulative cost; the scaling-lag distribution; and the trade-off of
// SLO-violation minutes against cost with the Pareto front. The time charts zoom and pan
// together. The Run page feeds it rows as they arrive; the Compare page, finished runs.
class RunCharts : public QWidget {
  Q_OBJECT

 public:
  explicit RunCharts(QWidget* parent = nullptr);

  // Draws these runs (replacing what was drawn).
  void setRuns(std::vector<RunView> runs);
  // The figures of run `run` changed (a setup finished): redraws the summary charts.
  void setFigures(std::size_t run, std::vector<SetupFigures> figures);
  // Rows were added to the tables: redraws the time charts (and adds lines for setups or
  // forecasts that appeared). The redraw is spread over the event loop, one chart per turn, so
  // the window stays responsive while a long run streams in; while the charts are hidden
  // (another page is shown) it waits until they are shown again.
  void refresh();
  // Whether redraws asked for by refresh() are still to come.
  bool refreshing() const { return !dirty_.empty(); }

  // Every chart, for saving and screenshots.
  std::vector<ChartView*> charts() const;
  ChartGroup* group() const { return group_; }
  TimeChart* demandChart() const { return demand_; }

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  void refreshNext();
  // Does now what refreshNext would do over the next turns.
  void flush();
  void buildTimeLines();
  void buildLinesOf(TimeChart* chart);
  void updateLegend();
  void buildSummaryCharts();
  QColor colorOf(const std::string& setup) const;
  QString nameOf(std::size_t run, const std::string& what) const;
  std::string shapeOf() const;

  std::vector<RunView> runs_;
  std::vector<std::string> setup_names_;
  std::string shape_;
  bool stale_ = false;               // rows arrived while hidden
  std::vector<TimeChart*> dirty_;    // charts refresh() has yet to redraw, in order
  std::vector<TimeChart*> rebuild_;  // of those, the ones to get their lines again first
  QLabel* legend_ = nullptr;         // the setups' colours, for every time chart
  QTimer* pump_ = nullptr;           // redraws the next of them, once per event-loop turn
  ChartGroup* group_ = nullptr;
  TimeChart* demand_ = nullptr;
  TimeChart* ready_ = nullptr;
  TimeChart* latency_ = nullptr;
  TimeChart* errors_ = nullptr;
  TimeChart* cost_ = nullptr;
  ChartView* lag_ = nullptr;
  ChartView* trade_off_ = nullptr;
};

}  // namespace shadowscale::studio
