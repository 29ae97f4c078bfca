#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/decimation.h"

namespace shadowscale {

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

// A shaded stretch of the time axis, e.g. the warm-up period the key metrics leave out.
struct ChartBand {
  double x0 = 0;  // run seconds
  double x1 = 0;
  std::string label;  // legend text
  std::string color = "#7f7f7f";
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
  std::vector<ChartBand> bands;  // drawn under the series
  int plot_width = 800;          // pixels; match the decimation's columns
  int plot_height = 240;
};

// An inline SVG element (no scripts, no external references) with title, legend, both axes with
// ticks and labels, the shaded bands, one <polyline> per series that has points, and the
// reference lines.
std::string renderSvgChart(const ChartSpec& spec);

// The colour of the i-th setup (Tableau 10: hues that stay apart for most colour-blind readers
// too), the same in the HTML report and the studio.
const char* setupColor(std::size_t i);

// Text made safe for HTML and SVG content and attribute values.
std::string escapeMarkup(std::string_view text);

}  // namespace shadowscale
