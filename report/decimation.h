#pragma once

#include <cstdint>
#include <span>
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

// The points of a series sorted by x that fall in [x0, x1], plus the nearest one beyond each
// end (so a zoomed line runs to the plot's edges), thinned to a minimum and a maximum per column
// when there are more than two per column. The range is found by binary search, so the cost
// grows with the visible points, not the series: what a chart redraws after a zoom or a pan.
// NaN values (not recorded) are skipped.
std::vector<ChartPoint> decimateVisible(std::span<const double> x, std::span<const double> y,
                                        double x0, double x1, int columns);

}  // namespace shadowscale
