#include "report/decimation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

namespace shadowscale {
namespace {

bool contains(const std::vector<ChartPoint>& points, ChartPoint p) {
  return std::any_of(points.begin(), points.end(),
                     [&](const ChartPoint& q) { return q.x == p.x && q.y == p.y; });
}

// 62 days at one-minute intervals: a daily wave with a few one-sample spikes and dips.
std::vector<ChartPoint> longSeries() {
  std::vector<ChartPoint> points;
  const int n = 62 * 24 * 60;
  for (int i = 0; i < n; ++i) {
    const double t = i * 60.0;
    double y = 100 + 50 * std::sin(t / 86400.0 * 2 * M_PI) + (i * 7919 % 13);
    if (i == 12345 || i == 60001) {
      y = 900 + i % 7;  // a one-minute burst
    }
    if (i == 40000) {
      y = -30;  // a one-minute dip
    }
    points.push_back({t, y});
  }
  return points;
}

TEST(DecimateMinMaxTest, KeepsEveryColumnsExtremesAndBoundsThePointCount) {
  const std::vector<ChartPoint> points = longSeries();
  const double x_min = 0;
  const double x_max = points.back().x + 60;
  const int columns = 800;
  const std::vector<ChartPoint> out = decimateMinMax(points, x_min, x_max, columns);

  EXPECT_LE(out.size(), 2u * columns);
  EXPECT_GE(out.size(), static_cast<std::size_t>(columns));  // every column has data
  EXPECT_TRUE(std::is_sorted(out.begin(), out.end(),
                             [](const ChartPoint& a, const ChartPoint& b) { return a.x < b.x; }));
  for (const ChartPoint& p : out) {
    EXPECT_TRUE(contains(points, p)) << "invented point " << p.x << "," << p.y;
  }
  // Brute force: each column's lowest and highest value survive. Columns are computed as the
  // decimator does, so points on a column boundary land in the same one.
  const double per_x = columns / (x_max - x_min);
  auto columnOf = [&](double x) {
    return std::min(columns - 1, static_cast<int>(std::floor((x - x_min) * per_x)));
  };
  std::vector<double> lo(columns, std::numeric_limits<double>::infinity());
  std::vector<double> hi(columns, -std::numeric_limits<double>::infinity());
  for (const ChartPoint& p : points) {
    const int c = columnOf(p.x);
    lo[c] = std::min(lo[c], p.y);
    hi[c] = std::max(hi[c], p.y);
  }
  for (int c = 0; c < columns; ++c) {
    const bool has_lo = std::any_of(out.begin(), out.end(), [&](const ChartPoint& p) {
      return p.y == lo[c] && columnOf(p.x) == c;
    });
    const bool has_hi = std::any_of(out.begin(), out.end(), [&](const ChartPoint& p) {
      return p.y == hi[c] && columnOf(p.x) == c;
    });
    EXPECT_TRUE(has_lo) << "column " << c;
    EXPECT_TRUE(has_hi) << "column " << c;
  }
  // The one-sample spikes and the dip, which a plain every-Nth sampling would lose.
  EXPECT_TRUE(contains(out, points[12345]));
  EXPECT_TRUE(contains(out, points[60001]));
  EXPECT_TRUE(contains(out, points[40000]));
}

TEST(DecimateMinMaxTest, ShortSeriesPassThroughUnchanged) {
  const std::vector<ChartPoint> points = {{0, 1}, {10, 5}, {20, 3}, {30, 4}};
  const std::vector<ChartPoint> out = decimateMinMax(points, 0, 40, 800);
  ASSERT_EQ(out.size(), points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(out[i].x, points[i].x);
    EXPECT_EQ(out[i].y, points[i].y);
  }
}

TEST(DecimateMinMaxTest, ConstantSeriesKeepsOnePointPerColumn) {
  std::vector<ChartPoint> points;
  for (int i = 0; i < 1000; ++i) {
    points.push_back({static_cast<double>(i), 7});
  }
  const std::vector<ChartPoint> out = decimateMinMax(points, 0, 1000, 10);
  ASSERT_EQ(out.size(), 10u);
  EXPECT_EQ(out.front().x, 0);  // ties keep the earliest point
  EXPECT_EQ(out.back().x, 900);
}

TEST(DecimateMinMaxTest, MinAndMaxComeOutInTimeOrder) {
  // One column; the maximum comes before the minimum.
  const std::vector<ChartPoint> points = {{0, 5}, {1, 9}, {2, 4}, {3, 1}, {4, 6}};
  const std::vector<ChartPoint> out = decimateMinMax(points, 0, 5, 1);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].x, 1);
  EXPECT_EQ(out[0].y, 9);
  EXPECT_EQ(out[1].x, 3);
  EXPECT_EQ(out[1].y, 1);
}

TEST(DecimateMinMaxTest, SkipsMissingValuesAndClampsOutOfRangeTimes) {
  MinMaxDecimator d(0, 100, 4);
  d.add(10, std::numeric_limits<double>::quiet_NaN());
  d.add(20, std::numeric_limits<double>::infinity());
  EXPECT_EQ(d.added(), 0u);
  EXPECT_TRUE(d.points().empty());
  d.add(-50, 3);  // before the range: first column
  d.add(500, 8);  // after it: last column
  d.add(100, 2);  // the end itself: last column
  EXPECT_EQ(d.added(), 3u);
  const std::vector<ChartPoint> out = d.points();
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].x, -50);
  EXPECT_EQ(out[1].x, 100);
  EXPECT_EQ(out[2].x, 500);
}

TEST(DecimateMinMaxTest, RejectsNoColumns) {
  EXPECT_THROW(MinMaxDecimator(0, 1, 0), std::invalid_argument);
  EXPECT_THROW(MinMaxDecimator(0, std::numeric_limits<double>::infinity(), 10),
               std::invalid_argument);
}

// Splits points into the parallel arrays the run model keeps.
void columns(const std::vector<ChartPoint>& points, std::vector<double>& x,
             std::vector<double>& y) {
  for (const ChartPoint& p : points) {
    x.push_back(p.x);
    y.push_back(p.y);
  }
}

TEST(DecimateVisibleTest, AZoomKeepsTheVisibleExtremesAndOnePointBeyondEachEdge) {
  std::vector<double> x, y;
  columns(longSeries(), x, y);
  // Zoom on the day holding the burst at minute 12345.
  const double x0 = 8 * 86400.0, x1 = 9 * 86400.0;
  const auto points = decimateVisible(x, y, x0, x1, 400);
  ASSERT_GE(points.size(), 2u);
  EXPECT_LE(points.size(), 802u);
  EXPECT_LT(points.front().x, x0);
  EXPECT_GT(points.back().x, x1);
  EXPECT_TRUE(contains(points, {12345 * 60.0, 900 + 12345 % 7}));
  EXPECT_TRUE(std::is_sorted(points.begin(), points.end(),
                             [](const ChartPoint& a, const ChartPoint& b) { return a.x < b.x; }));
  // The same as thinning the visible points by hand.
  std::vector<ChartPoint> visible;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] >= x0 && x[i] <= x1) {
      visible.push_back({x[i], y[i]});
    }
  }
  const auto expected = decimateMinMax(visible, x0, x1, 400);
  ASSERT_EQ(points.size(), expected.size() + 2);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(points[i + 1].x, expected[i].x);
    EXPECT_EQ(points[i + 1].y, expected[i].y);
  }
}

TEST(DecimateVisibleTest, FewVisiblePointsComeBackExactlyWithoutNaNs) {
  const std::vector<double> x = {0, 60, 120, 180, 240, 300};
  const std::vector<double> y = {1, 2, std::numeric_limits<double>::quiet_NaN(), 4, 5, 6};
  const auto points = decimateVisible(x, y, 100, 200, 800);
  ASSERT_EQ(points.size(), 3u);  // 60 and 240 beyond the edges, 180 inside, 120 missing
  EXPECT_EQ(points[0].x, 60);
  EXPECT_EQ(points[1].x, 180);
  EXPECT_EQ(points[2].x, 240);
  EXPECT_EQ(decimateVisible(x, y, 500, 600, 800).size(), 1u);  // only the last, left of view
  EXPECT_TRUE(decimateVisible({}, {}, 0, 1, 10).empty());
  EXPECT_TRUE(decimateVisible(x, y, 10, 5, 10).empty());
}

TEST(DecimateVisibleTest, MatchesTheDecimatorOnIrregularSeriesWithGapsAndTies) {
  // Uneven steps, missing values and runs of equal values: the one-pass thinning of a sorted
  // series keeps exactly what MinMaxDecimator keeps, for zooms inside and past the data.
  std::vector<double> x, y;
  std::uint64_t state = 12345;
  double t = 0;
  for (int i = 0; i < 50000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    t += 1 + static_cast<double>(state >> 60);
    x.push_back(t);
    const int r = static_cast<int>((state >> 33) % 100);
    y.push_back(r < 3 ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(r / 10));
  }
  for (const auto& [x0, x1] : std::vector<std::pair<double, double>>{
           {-1000.0, t + 1000}, {0.0, t}, {x[100], x[40000]}, {t / 3, t / 2}}) {
    std::vector<ChartPoint> inside, before, after;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (x[i] >= x0 && x[i] <= x1) {
        inside.push_back({x[i], y[i]});
      }
    }
    const auto expected = decimateMinMax(inside, x0, x1, 700);
    auto points = decimateVisible(x, y, x0, x1, 700);
    // Drop the points beyond the edges, which the view does not hold.
    std::erase_if(points, [&](const ChartPoint& p) { return p.x < x0 || p.x > x1; });
    ASSERT_EQ(points.size(), expected.size()) << x0 << " " << x1;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(points[i].x, expected[i].x) << i;
      EXPECT_EQ(points[i].y, expected[i].y) << i;
    }
  }
}

}  // namespace
}  // namespace shadowscale
