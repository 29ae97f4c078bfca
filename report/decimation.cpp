#include "report/decimation.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace shadowscale {

MinMaxDecimator::MinMaxDecimator(double x_min, double x_max, int columns) : x_min_(x_min) {
  if (columns < 1) {
    throw std::invalid_argument("MinMaxDecimator: columns must be at least 1");
  }
  if (!std::isfinite(x_min) || !std::isfinite(x_max)) {
    throw std::invalid_argument("MinMaxDecimator: the x range must be finite");
  }
  scale_ = x_max > x_min ? static_cast<double>(columns) / (x_max - x_min) : 0.0;
  columns_.resize(static_cast<std::size_t>(columns));
}

void MinMaxDecimator::add(double x, double y) {
  if (!std::isfinite(y) || !std::isfinite(x)) {
    return;
  }
  const double pos = std::floor((x - x_min_) * scale_);
  const double last = static_cast<double>(columns_.size() - 1);
  Column& c = columns_[static_cast<std::size_t>(std::clamp(pos, 0.0, last))];
  const ChartPoint p{x, y};
  if (!c.used) {
    c.min = p;
    c.max = p;
    c.used = true;
  } else {
    // Ties keep the earlier point so the result does not depend on how equal values are spread.
    if (y < c.min.y || (y == c.min.y && x < c.min.x)) {
      c.min = p;
    }
    if (y > c.max.y || (y == c.max.y && x < c.max.x)) {
      c.max = p;
    }
  }
  ++added_;
}

std::vector<ChartPoint> MinMaxDecimator::points() const {
  std::vector<ChartPoint> out;
  for (const Column& c : columns_) {
    if (!c.used) {
      continue;
    }
    if (c.min.x == c.max.x && c.min.y == c.max.y) {
      out.push_back(c.min);
    } else if (c.min.x <= c.max.x) {
      out.push_back(c.min);
      out.push_back(c.max);
    } else {
      out.push_back(c.max);
      out.push_back(c.min);
    }
  }
  return out;
}

std::vector<ChartPoint> decimateMinMax(std::span<const ChartPoint> points, double x_min,
                                       double x_max, int columns) {
  MinMaxDecimator d(x_min, x_max, columns);
  for (const ChartPoint& p : points) {
    d.add(p.x, p.y);
  }
  return d.points();
}

namespace {

// Where the column of x[i] ends: the first index after i in another column (or x.size()).
// Columns hold runs of sorted points, so the end is found by galloping (doubling a step from
// the column's start, then bisecting), a handful of column computations instead of one per
// point.
template <typename ColumnOf>
std::size_t columnEnd(std::span<const double> x, std::size_t i, const ColumnOf& columnOf) {
  const double column = columnOf(x[i]);
  std::size_t inside = i;  // known to be in the column
  std::size_t step = 1;
  while (inside + step < x.size() && columnOf(x[inside + step]) == column) {
    inside += step;
    step *= 2;
  }
  const std::size_t limit = std::min(inside + step, x.size());  // known to be past it, or end
  const auto past = std::partition_point(x.begin() + static_cast<std::ptrdiff_t>(inside) + 1,
                                         x.begin() + static_cast<std::ptrdiff_t>(limit),
                                         [&](double v) { return columnOf(v) == column; });
  return static_cast<std::size_t>(past - x.begin());
}

// What MinMaxDecimator(x0, x1, columns) keeps of these points, for x sorted ascending: one
// pass, each column's extremes held in locals instead of a table, and each column's end found
// by columnEnd, which is what a redraw after a zoom spends most of its decimation time on.
// Appends to `out`.
void appendSortedMinMax(std::span<const double> x, std::span<const double> y, double x0, double x1,
                        int columns, std::vector<ChartPoint>& out) {
  const double scale = x1 > x0 ? static_cast<double>(columns) / (x1 - x0) : 0.0;
  const double last = static_cast<double>(columns - 1);
  auto columnOf = [&](double v) { return std::clamp(std::floor((v - x0) * scale), 0.0, last); };
  std::size_t i = 0;
  while (i < x.size()) {
    const std::size_t end = columnEnd(x, i, columnOf);
    bool used = false;
    ChartPoint low, high;
    for (; i < end; ++i) {
      if (!std::isfinite(y[i]) || !std::isfinite(x[i])) {
        continue;
      }
      // Strictly lower or higher: ties keep the earlier point, as MinMaxDecimator does.
      if (!used) {
        low = high = {x[i], y[i]};
        used = true;
      } else if (y[i] < low.y) {
        low = {x[i], y[i]};
      } else if (y[i] > high.y) {
        high = {x[i], y[i]};
      }
    }
    if (!used) {
      continue;
    }
    if (low.x == high.x && low.y == high.y) {
      out.push_back(low);
    } else if (low.x <= high.x) {
      out.push_back(low);
      out.push_back(high);
    } else {
      out.push_back(high);
      out.push_back(low);
    }
  }
}

}  // namespace

std::vector<ChartPoint> decimateVisible(std::span<const double> x, std::span<const double> y,
                                        double x0, double x1, int columns) {
  const std::size_t n = std::min(x.size(), y.size());
  std::vector<ChartPoint> out;
  if (n == 0 || columns < 1 || !(x1 >= x0)) {
    return out;
  }
  const auto xs = x.first(n);
  std::size_t begin =
      static_cast<std::size_t>(std::lower_bound(xs.begin(), xs.end(), x0) - xs.begin());
  std::size_t end =
      static_cast<std::size_t>(std::upper_bound(xs.begin(), xs.end(), x1) - xs.begin());
  // One point beyond each edge, so the line is not cut short inside the plot.
  begin = begin > 0 ? begin - 1 : 0;
  end = std::min(end + 1, n);
  if (end - begin <= 2 * static_cast<std::size_t>(columns)) {
    for (std::size_t i = begin; i < end; ++i) {
      if (std::isfinite(y[i])) {
        out.push_back({x[i], y[i]});
      }
    }
    return out;
  }
  // The points beyond the edges pass as they are; those inside are thinned (the first and last
  // points of the series are inside when the view reaches past them).
  const bool before = x[begin] < x0;
  const bool after = x[end - 1] > x1;
  const std::size_t inner_begin = begin + (before ? 1 : 0);
  const std::size_t inner_size = end - (after ? 1 : 0) - inner_begin;
  out.reserve(2 * static_cast<std::size_t>(columns) + 2);
  if (before && std::isfinite(y[begin])) {
    out.push_back({x[begin], y[begin]});
  }
  appendSortedMinMax(xs.subspan(inner_begin, inner_size), y.subspan(inner_begin, inner_size), x0,
                     x1, columns, out);
  if (after && std::isfinite(y[end - 1])) {
    out.push_back({x[end - 1], y[end - 1]});
  }
  return out;
}

}  // namespace shadowscale
