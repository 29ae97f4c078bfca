#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace shadowscale {

// One point of a chart series, in data units (x: run seconds for time charts).
struct ChartPoint {
  double x = 0;
  double y = 0;
};

// Thins a series to what a chart can show without losing its peaks: [x_min, x_max] is cut into
// `columns` equal slices (one per pixel column) and each slice keeps only its lowest and its
// highest point. Points may arrive in any order; memory is fixed by `columns`, not by the
// number of points, so a long run can be streamed through it.
class MinMaxDecimator {
 public:
  // Throws std::invalid_argument if columns < 1 or the range is not finite.
  MinMaxDecimator(double x_min, double x_max, int columns);

  // Adds one point; a NaN or infinite y (a missing value) is ignored; x outside the range
  // counts towards the nearest end column.
  void add(double x, double y);

  // The kept points in x order: at most two per column.
  std::vector<ChartPoint> points() const;

  // Points taken so far (not counting ignored ones).
  std::uint64_t added() const { return added_; }

 private:
  struct Column {
    ChartPoint min;
    ChartPoint max;
    bool used = false;
  };
  double x_min_;
  double scale_;  // columns per x unit
  std::vector<Column> columns_;
  std::uint64_t added_ = 0;
};

// decimateMinMax: the same as feeding every point to a MinMaxDecimator; at most 2 * columns
// points come back, in x order, and every column's extremes survive.
std::vector<ChartPoint> decimateMinMax(std::span<const ChartPoint> points, double x_min,
                                       double x_max, int columns);

// Evenly spaced round values (1, 2 or 5 times a power of ten) from the first multiple at or
// below `lo` to the first at or above `hi`, about `target` of them. An empty or reversed range
// gets a unit-wide one.
std::vector<double> niceTicks(double lo, double hi, int target);

// A tick on an axis: where it is and what it says (sublabel: a second line, e.g. the date).
struct AxisTick {
  double value = 0;
  std::string label;
  std::string sublabel;
};

// Ticks for a time axis whose values are run seconds in [t_min, t_max]. With `epoch_unix_s`
// (the UTC time of run second 0) the ticks fall on whole UTC minutes, hours, days or Monday
// weeks and show times and dates; without it they show days and hours since the start.
std::vector<AxisTick> timeTicks(double t_min, double t_max,
                                std::optional<std::int64_t> epoch_unix_s, int target);

// One line of a chart.
struct ChartSeries {
  std::string name;   // legend text
  std::string color;  // a CSS colour, e.g. "#4e79a7"
  std::vector<ChartPoint> points;
  bool dashed = false;
  double width = 1.5;    // stroke width in pixels
  bool markers = false;  // each point a dot (a scatter), not joined by a line
};

// A horizontal reference line across the plot, e.g. a latency target.
struct ChartRule {
  double y = 0;
  std::string label;
  std::string color = "#c0392b";
};

// Everything one chart shows.
struct ChartSpec {
  std::string title;
  std::string y_label;  // what and unit, e.g. "requests/s"
  double x_min = 0;     // run seconds (or values of x_label)
  double x_max = 1;
  std::string x_label;  // non-empty: x is a plain value axis with this label, not run time
  std::optional<std::int64_t> epoch_unix_s;  // time labels in UTC when known
  std::optional<double> y_max;               // a fixed top (e.g. 1 for a share)
  std::vector<ChartSeries> series;
  std::vector<ChartRule> rules;
  int plot_width = 800;  // pixels; match the decimation's columns
  int plot_height = 240;
};

// An inline SVG element (no scripts, no external references) with title, legend, both axes with
// ticks and labels, one <polyline> per series that has points, and the reference lines.
std::string renderSvgChart(const ChartSpec& spec);

// Text made safe for HTML and SVG content and attribute values.
std::string escapeMarkup(std::string_view text);

}  // namespace shadowscale
